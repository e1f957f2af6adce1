using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// The one retry loop: bounded attempts and total time, Retry-After first, else exponential backoff
    /// with jitter. A caller's cancellation is never retried: it is not a <see cref="ModelArtsException"/>,
    /// and a failure that coincides with it is not retried either.
    /// </summary>
    internal sealed class RetryPolicy
    {
        private readonly RetryOptions _options;
        private readonly Func<DateTimeOffset> _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Random _random;

        public RetryPolicy(RetryOptions options, Func<DateTimeOffset> clock, Func<TimeSpan, CancellationToken, Task> delay, Random? random = null)
        {
            _options = options;
            _clock = clock;
            _delay = delay;
            _random = random ?? new Random();
        }

        /// <summary>Failures whose request may be sent again when it is idempotent.</summary>
        public static bool IsTransient(ModelArtsException e)
        {
            switch (e.Kind)
            {
                case ModelArtsErrorKind.Throttled:
                case ModelArtsErrorKind.Timeout:
                case ModelArtsErrorKind.Connection:
                    return true;
                case ModelArtsErrorKind.ServerError:
                    return e.StatusCode == 500 || e.StatusCode == 502 || e.StatusCode == 503 || e.StatusCode == 504;
                default:
                    return false;
            }
        }

        /// <summary>Failures after which nobody knows whether the service acted on the request.</summary>
        public static bool IsOutcomeUnknown(ModelArtsException e) =>
            e.Kind == ModelArtsErrorKind.Connection || e.Kind == ModelArtsErrorKind.Timeout || e.Kind == ModelArtsErrorKind.ServerError;

        /// <param name="attempt">Runs one attempt; gets the attempt number, starting at 1.</param>
        public Task<T> ExecuteAsync<T>(
            Func<int, CancellationToken, Task<T>> attempt,
            Func<ModelArtsException, bool> retryable,
            CancellationToken cancellationToken)
            where T : class =>
            ExecuteAsync(attempt, retryable, null, cancellationToken);

        /// <summary>
        /// The loop, for a request that must not take effect twice when <paramref name="probe"/> is given. Once an
        /// attempt's outcome is unknown (<see cref="IsOutcomeUnknown"/>), the probe looks for its effect before the next
        /// attempt, and once more when the attempts are spent, so that what a lost answer did is returned, not repeated
        /// or reported as a failure. A repeat refused as "exists" is probed again: the lost attempt made it and the
        /// first look ran before it showed. The probe returns null when it finds nothing, and throws a ResourceExists
        /// failure when it finds something in the way that is not this call's.
        /// </summary>
        public async Task<T> ExecuteAsync<T>(
            Func<int, CancellationToken, Task<T>> attempt,
            Func<ModelArtsException, bool> retryable,
            Func<CancellationToken, Task<T?>>? probe,
            CancellationToken cancellationToken)
            where T : class
        {
            var started = _clock();
            var outcomeUnknown = false;
            for (var number = 1; ; number++)
            {
                ModelArtsException failure;
                try
                {
                    if (outcomeUnknown)
                    {
                        var found = await probe!(cancellationToken).ConfigureAwait(false);
                        if (found != null)
                        {
                            return found;
                        }
                    }

                    try
                    {
                        return await attempt(number, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ModelArtsException e) when (outcomeUnknown && e.Kind == ModelArtsErrorKind.ResourceExists && !cancellationToken.IsCancellationRequested)
                    {
                        var found = await probe!(cancellationToken).ConfigureAwait(false);
                        if (found != null)
                        {
                            return found;
                        }

                        throw;
                    }
                }
                catch (ModelArtsException e) when (!cancellationToken.IsCancellationRequested && (retryable(e) || (probe != null && IsOutcomeUnknown(e))))
                {
                    failure = e;
                }

                outcomeUnknown |= probe != null && IsOutcomeUnknown(failure);
                var wait = failure.RetryAfter ?? Backoff(number);
                var elapsed = _clock() - started;
                if (!retryable(failure) || number >= _options.MaxAttempts || elapsed + wait > _options.MaxTotal)
                {
                    if (outcomeUnknown)
                    {
                        var found = await LastLookAsync(probe!, cancellationToken).ConfigureAwait(false);
                        if (found != null)
                        {
                            return found;
                        }
                    }

                    ExceptionDispatchInfo.Capture(failure).Throw();
                }

                Diagnostics.Verbose(
                    "Attempt " + number + " of " + _options.MaxAttempts + " failed (" + failure.Message + "); retrying in "
                    + wait.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s"
                    + (failure.RetryAfter.HasValue ? " as Retry-After asked." : "."));
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The look after the last attempt; when it fails too, the attempt's own failure is the one to report, unless the look found the way blocked.</summary>
        private static async Task<T?> LastLookAsync<T>(Func<CancellationToken, Task<T?>> probe, CancellationToken cancellationToken)
            where T : class
        {
            try
            {
                return await probe(cancellationToken).ConfigureAwait(false);
            }
            catch (ModelArtsException e) when (e.Kind != ModelArtsErrorKind.ResourceExists)
            {
                return null;
            }
        }

        /// <summary>BaseDelay·2^(n−1), capped, with "equal jitter": half fixed, half random, so clients spread out.</summary>
        internal TimeSpan Backoff(int failedAttempt)
        {
            var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempt - 1, 30));
            var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
            double jitter;
            lock (_random)
            {
                jitter = _random.NextDouble();
            }

            return TimeSpan.FromMilliseconds(capped / 2 + jitter * capped / 2);
        }
    }
}
