using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Obs;

namespace ModelArts.Emulator.Faults
{
    /// <summary>
    /// Makes /v1/ and /v2/ calls misbehave at the configured rates: 500/503 errors and 429s before any work is done,
    /// answers dropped (connection aborted) after the work is done, hangs without an answer, and added latency.
    /// One seeded draw per call, so a run with the same seed and calls repeats. OBS calls get the latency, and only
    /// fail when a script selects them by query parameter (<see cref="FaultSettings.FailQuery"/>).
    /// </summary>
    internal sealed class FaultInjector
    {
        public const string ItemKey = "ModelArts.Fault";

        private readonly object _gate = new object();
        private readonly CancellationToken _stopping;
        private FaultSettings _settings = FaultSettings.None;
        private Random _random = new Random();
        private int _failuresLeft;

        public FaultInjector(FaultSettings settings, IHostApplicationLifetime lifetime)
        {
            Settings = settings;
            _stopping = lifetime.ApplicationStopping;
        }

        public FaultSettings Settings
        {
            get
            {
                lock (_gate)
                {
                    return _settings;
                }
            }
            set
            {
                lock (_gate)
                {
                    _settings = value;
                    _random = value.Seed is int seed ? new Random(seed) : new Random();
                    _failuresLeft = value.FailNext;
                }
            }
        }

        public async Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            FaultSettings settings;
            double draw;
            var failNow = false;
            lock (_gate)
            {
                settings = _settings;
                draw = _random.NextDouble();
                failNow = TakeScripted(context.Request);
            }
            if (settings.IsOff)
            {
                await next(context);
                return;
            }
            if (settings.LatencyMs > 0)
            {
                context.Items[ItemKey] = "latency";
                await Task.Delay(settings.LatencyMs, context.RequestAborted);
            }
            if (failNow)
            {
                // One of the next N calls: fail it the way asked, as a draw of 0 against rates that leave no other outcome.
                draw = 0;
                settings = settings.FailAs switch
                {
                    FaultSettings.FailAsThrottle => settings with { ErrorRate = 0, ThrottleRate = 1 },
                    FaultSettings.FailAsDrop => settings with { ErrorRate = 0, ThrottleRate = 0, DropRate = 1 },
                    _ => settings with { ErrorRate = 1 },
                };
            }
            if ((draw -= settings.ErrorRate) < 0)
            {
                context.Items[ItemKey] = "error";
                var status = draw + settings.ErrorRate < settings.ErrorRate / 2 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
                throw new ApiException(status, "ModelArts.0010", status == 503 ? "Service unavailable, please try again later." : "Internal error.");
            }
            if ((draw -= settings.ThrottleRate) < 0)
            {
                context.Items[ItemKey] = "throttle";
                throw new ApiException(StatusCodes.Status429TooManyRequests, "APIG.0308", "The throttling threshold has been reached.", ErrorShape.Gateway)
                {
                    RetryAfterSeconds = settings.RetryAfterSeconds,
                };
            }
            if ((draw -= settings.DropRate) < 0)
            {
                context.Items[ItemKey] = "drop";
                await DropAfterWork(context, next);
                return;
            }
            if ((draw -= settings.HangRate) < 0)
            {
                context.Items[ItemKey] = "hang";
                await Hang(context);
                return;
            }
            await next(context);
        }

        /// <summary>An OBS call: gets the latency, and fails (in OBS's error shape) or loses its answer only when a script selects it.</summary>
        public async Task InvokeObsAsync(HttpContext context, Func<Task> work)
        {
            string failAs;
            int latency;
            lock (_gate)
            {
                failAs = _settings.FailQuery != null && TakeScripted(context.Request) ? _settings.FailAs : "";
                latency = _settings.LatencyMs;
            }
            if (latency > 0)
            {
                // Latency reaches OBS too: a client's transfer can be made slow enough to be caught under way.
                await Task.Delay(latency, context.RequestAborted);
            }
            switch (failAs)
            {
                case "":
                    await work();
                    break;
                case FaultSettings.FailAsDrop:
                    context.Items[ItemKey] = "drop";
                    await DropAfterWork(context, _ => work());
                    break;
                default:
                    context.Items[ItemKey] = failAs;
                    throw failAs == FaultSettings.FailAsThrottle
                        ? new ObsException(StatusCodes.Status503ServiceUnavailable, "SlowDown", "Please reduce your request rate.")
                        : new ObsException(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "Service unavailable, please try again later.");
            }
        }

        /// <summary>Counts down a scripted failure when this call is one it selects; under the lock.</summary>
        private bool TakeScripted(HttpRequest request)
        {
            if (_failuresLeft <= 0
                || (_settings.FailMethod != null && !string.Equals(_settings.FailMethod, request.Method, StringComparison.OrdinalIgnoreCase))
                || (_settings.FailQuery != null && !request.Query.ContainsKey(_settings.FailQuery)))
            {
                return false;
            }
            _failuresLeft--;
            return true;
        }

        /// <summary>Does the work, throws the answer away and aborts the connection.</summary>
        private static async Task DropAfterWork(HttpContext context, RequestDelegate next)
        {
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            catch (Exception e) when (e is ApiException or ObsException)
            {
                // The call was refused; the client hears nothing either way.
            }
            context.Abort();
        }

        private async Task Hang(HttpContext context)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, both.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, or the service is stopping.
            }
            context.Abort();
        }
    }
}
