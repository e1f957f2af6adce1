using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// Work that lasts as long as a job (waiting for it, following its log) must outlast an outage longer than one
    /// call's retries: it tries a call again, a pause later, up to a budget of consecutive failures.
    /// </summary>
    internal static class Outages
    {
        /// <summary>Consecutive failed calls (each after the pipeline's own retries) before the work gives up: minutes of outage.</summary>
        public const int MaxConsecutiveFailures = 30;

        /// <summary>A failure that passes (the retry loop's transient rule), unless the caller is cancelling.</summary>
        public static bool Passes(ModelArtsException failure, int failures, CancellationToken cancellationToken) =>
            RetryPolicy.IsTransient(failure) && failures < MaxConsecutiveFailures && !cancellationToken.IsCancellationRequested;

        /// <summary>Runs <paramref name="call"/> until it succeeds, <paramref name="pause"/> apart, within the failure budget.</summary>
        public static async Task<T> RideOutAsync<T>(
            Func<CancellationToken, Task<T>> call, Func<TimeSpan, CancellationToken, Task> delay, TimeSpan pause, string what, CancellationToken cancellationToken)
        {
            for (var failures = 1; ; failures++)
            {
                try
                {
                    return await call(cancellationToken).ConfigureAwait(false);
                }
                catch (ModelArtsException e) when (Passes(e, failures, cancellationToken))
                {
                    // The first failure comes after the pipeline's own retries, a few seconds in: say so once
                    // instead of staying silent for the whole budget.
                    if (failures == 1)
                    {
                        Diagnostics.Warning(what + ": " + e.Message + " Still trying, for up to " + MaxConsecutiveFailures.ToString(CultureInfo.InvariantCulture) + " attempts.");
                    }

                    Diagnostics.Verbose(
                        what + ": " + e.Message + " Trying again (" + failures.ToString(CultureInfo.InvariantCulture) + " of "
                        + MaxConsecutiveFailures.ToString(CultureInfo.InvariantCulture) + ").");
                }

                await delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
