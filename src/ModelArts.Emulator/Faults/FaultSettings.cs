using System.Text.Json.Serialization;

namespace ModelArts.Emulator.Faults
{
    /// <summary>
    /// How often /v1/ calls misbehave on purpose. The rates are shares of calls in [0,1] whose sum is at most 1;
    /// latency is added to every call, OBS calls included. Wire names (snake_case) are the keys of PUT /_local/faults.
    /// FailNext makes exactly the next N calls (of FailMethod only, when given) fail as FailAs says: "error" (503),
    /// "throttle" (429) or "drop" (the work is done, the answer lost), so a test can script one outage precisely.
    /// FailQuery narrows them to calls carrying that query parameter, and only then are OBS calls among them (e.g. POST
    /// with "uploadId" completes a multipart upload), so scripts of the training APIs leave OBS alone.
    /// </summary>
    internal sealed record FaultSettings(
        double ErrorRate = 0,
        double ThrottleRate = 0,
        int RetryAfterSeconds = 1,
        double DropRate = 0,
        int LatencyMs = 0,
        double HangRate = 0,
        int? Seed = null,
        int FailNext = 0,
        string FailAs = FaultSettings.FailAsError,
        string? FailMethod = null,
        string? FailQuery = null)
    {
        public const string FailAsError = "error";
        public const string FailAsThrottle = "throttle";
        public const string FailAsDrop = "drop";

        public static readonly FaultSettings None = new FaultSettings();

        [JsonIgnore]
        public bool IsOff => ErrorRate == 0 && ThrottleRate == 0 && DropRate == 0 && HangRate == 0 && LatencyMs == 0 && FailNext == 0;

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
            if (FailNext < 0)
            {
                return "fail_next must not be negative.";
            }
            if (FailAs is not (FailAsError or FailAsThrottle or FailAsDrop))
            {
                return "fail_as must be error, throttle or drop.";
            }
            return null;
        }
    }
}
