using System;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// The choke point every request goes through: authentication per attempt, error mapping, one re-authentication
    /// after a 401, and the one retry loop. A pipeline without an authenticator serves the IAM sign-in itself, over
    /// the same <see cref="HttpSender"/>, so the token provider needs no pipeline that depends on it.
    /// </summary>
    internal sealed class HttpPipeline
    {
        private readonly HttpSender _sender;
        private readonly RetryPolicy _retry;
        private readonly Func<DateTimeOffset> _clock;
        private readonly IRequestAuthenticator? _authenticator;

        public HttpPipeline(HttpSender sender, RetryPolicy retry, Func<DateTimeOffset> clock, IRequestAuthenticator? authenticator)
        {
            _sender = sender;
            _retry = retry;
            _clock = clock;
            _authenticator = authenticator;
        }

        /// <summary>Sends with retries: any transient failure when idempotent, otherwise only 429.</summary>
        public Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken) =>
            _retry.ExecuteAsync(
                (attempt, token) => SendAttemptAsync(request, attempt, token),
                e => request.Idempotent ? RetryPolicy.IsTransient(e) : e.Kind == ModelArtsErrorKind.Throttled,
                cancellationToken);

        /// <summary>
        /// Sends a request that must not take effect twice (a create), with retries of any transient failure: once an
        /// attempt's outcome is unknown, <paramref name="probe"/> looks for what it would have made before anything is
        /// sent again, and after the last attempt (see <see cref="RetryPolicy.ExecuteAsync{T}(Func{int, CancellationToken, Task{T}}, Func{ModelArtsException, bool}, Func{CancellationToken, Task{T}}, CancellationToken)"/>).
        /// </summary>
        public Task<T> SendProbedAsync<T>(ApiRequest request, Func<ApiResponse, T> read, Func<CancellationToken, Task<T?>> probe, CancellationToken cancellationToken)
            where T : class =>
            _retry.ExecuteAsync(
                async (attempt, token) => read(await SendAttemptAsync(request, attempt, token).ConfigureAwait(false)),
                RetryPolicy.IsTransient,
                probe,
                cancellationToken);

        private async Task<ApiResponse> SendAttemptAsync(ApiRequest request, int attempt, CancellationToken cancellationToken)
        {
            var authenticator = request.PreSigned ? null : _authenticator;
            var response = await _sender.TransmitAsync(request, authenticator, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 401 && authenticator != null && authenticator.Invalidate())
            {
                Diagnostics.Verbose("The service refused the token (401); signing in again and retrying once.");
                response = await _sender.TransmitAsync(request, authenticator, cancellationToken).ConfigureAwait(false);
            }

            if (response.StatusCode == 404 && attempt > 1 && request.NotFoundAfterRetryMeansDone)
            {
                Diagnostics.Verbose("404 on a repeated " + request.Method + ": the earlier attempt whose answer was lost did it.");
                return response;
            }

            if (response.StatusCode < 200 || response.StatusCode > 299)
            {
                throw response.ToException(_clock());
            }

            return response;
        }
    }
}
