using System.Text.Json.Serialization;

namespace ModelArts.Emulator.Faults
{
    /// <summary>
    /// How often /v1/ calls misbehave on purpose. The rates are shares of calls in [0,1] whose sum is at most 1;
    /// latency is added to every call. Wire names (snake_case) are the keys of PUT /_local/faults.
    /// </summary>
    public sealed record FaultSettings(
        double ErrorRate = 0,
        double ThrottleRate = 0,
        int RetryAfterSeconds = 1,
        double DropRate = 0,
        int LatencyMs = 0,
        double HangRate = 0,
        int? Seed = null)
    {
        public static readonly FaultSettings None = new FaultSettings();

        [JsonIgnore]
        public bool IsOff => ErrorRate == 0 && ThrottleRate == 0 && DropRate == 0 && HangRate == 0 && LatencyMs == 0;

        /// <summary>Returns why the settings cannot be used, or null when they can.</summary>
        public string? Problem()
        {
            foreach (var (name, rate) in new[] { ("error_rate", ErrorRate), ("throttle_rate", ThrottleRate), ("drop_rate", DropRate), ("hang_rate", HangRate) })
            {
                if (double.IsNaN(rate) || rate < 0 || rate > 1)
                {
                    return name + " must lie between 0 and 1.";
                }
            }
            if (ErrorRate + ThrottleRate + DropRate + HangRate > 1 + 1e-9)
            {
                return "The fault rates add up to more than 1.";
            }
            if (RetryAfterSeconds < 0 || LatencyMs < 0)
            {
                return "retry_after_seconds and latency_ms must not be negative.";
            }
            return null;
        }
    }
}
