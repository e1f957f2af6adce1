using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// The one HttpClient of a client: turns a request into a fresh message per attempt, applies the per-attempt
    /// timeout, maps transport failures and writes the redacted debug output. Retries live above it, in <see cref="HttpPipeline"/>.
    /// </summary>
    internal sealed class HttpSender : IDisposable
    {
        private static readonly byte[] NoBody = Array.Empty<byte>();

        private readonly HttpClient _http;
        private readonly TimeSpan _timeout;

        public HttpSender(ModelArtsClientOptions options)
        {
            _timeout = options.Timeout;
            var handler = options.Handler ?? new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };
            // A handler the caller passed in is theirs to dispose.
            _http = new HttpClient(handler, disposeHandler: options.Handler == null) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            // Default headers are added after signing, so they stay out of the AK/SK signature.
            _http.DefaultRequestHeaders.UserAgent.TryParseAdd(options.UserAgent);
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        public void Dispose() => _http.Dispose();

        /// <summary>Sends once: authenticated by <paramref name="authenticator"/> when given, within the per-attempt timeout.</summary>
        public async Task<ApiResponse> TransmitAsync(ApiRequest request, IRequestAuthenticator? authenticator, CancellationToken cancellationToken)
        {
            // HttpRequestMessage cannot be sent twice, and every attempt needs fresh credentials anyway.
            using var message = new HttpRequestMessage(request.Method, request.Uri);
            var body = request.Body ?? NoBody;
            if (request.Body != null)
            {
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }

            foreach (var header in request.Headers)
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (authenticator != null)
            {
                await authenticator.ApplyAsync(message, body, cancellationToken).ConfigureAwait(false);
            }

            if (Diagnostics.DebugEnabled)
            {
                Diagnostics.Debug(DescribeRequest(message, request.Body));
            }

            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(_timeout);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                // ResponseContentRead (the default) buffers the body under the same timeout.
                using var response = await _http.SendAsync(message, attemptTimeout.Token).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                var result = new ApiResponse((int)response.StatusCode, response.Headers, bytes, request.Method.Method, request.Uri);
                if (Diagnostics.DebugEnabled)
                {
                    Diagnostics.Debug(DescribeResponse(response, result, stopwatch.Elapsed));
                }

                return result;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failure(ModelArtsErrorKind.Timeout, "No answer within " + _timeout.TotalSeconds + " s", request, e);
            }
            catch (HttpRequestException e)
            {
                throw Failure(ModelArtsErrorKind.Connection, "The connection failed: " + Innermost(e).Message, request, e);
            }
        }

        private static ModelArtsException Failure(ModelArtsErrorKind kind, string message, ApiRequest request, Exception inner)
        {
            if (Diagnostics.DebugEnabled)
            {
                Diagnostics.Debug("HTTP " + request.Method + " " + request.Uri + " failed: " + message);
            }

            return new ModelArtsException(kind, message + " (" + request.Method + " " + request.Uri + ").", null, null, null, request.Method.Method, request.Uri, inner);
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }

        private static string DescribeRequest(HttpRequestMessage message, byte[]? body)
        {
            var headers = Redactor.Headers(message.Headers);
            return "HTTP " + message.Method + " " + message.RequestUri + Environment.NewLine + headers
                + (body == null ? string.Empty : Environment.NewLine + "  " + Redactor.Body(body));
        }

        private static string DescribeResponse(HttpResponseMessage response, ApiResponse result, TimeSpan elapsed) =>
            "HTTP " + result.StatusCode + " " + response.ReasonPhrase + " from " + result.Method + " " + result.Uri
            + " in " + (long)elapsed.TotalMilliseconds + " ms, request id " + (result.RequestId ?? "-")
            + Environment.NewLine + Redactor.Headers(response.Headers)
            + Environment.NewLine + "  " + Redactor.Body(result.Body);
    }
}
