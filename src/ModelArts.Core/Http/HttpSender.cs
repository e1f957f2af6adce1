using System;
using System.Buffers;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
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
        private const HttpStatusCode ProxyAuthenticationRequired = (HttpStatusCode)407;

        // Below the large-object heap, and what the shared pool keeps on every runtime.
        private const int StreamBufferSize = 81920;

        private const string AcceptJson = "application/json";

        private static readonly byte[] NoBody = Array.Empty<byte>();

        // HttpClient.Send exists from .NET 5 on; netstandard2.0 cannot name it, and Windows PowerShell's runtime lacks it.
        private static readonly Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? SendOnThisThread = FindSynchronousSend();

        private readonly HttpClient _http;
        private readonly HttpMessageHandler _handler;
        private readonly TimeSpan _timeout;
        private readonly bool _canSendSynchronously;
        private readonly string _userAgent;

        public HttpSender(ModelArtsClientOptions options)
        {
            _timeout = options.Timeout;
            // No automatic redirects: HttpClient would re-send the IAM password body and the X-Auth-Token to
            // wherever the Location points, past the https/loopback rule. A 3xx is reported instead (see Redirected).
            var handler = options.Handler ?? TransportHandler.Create(options.Transport);
            if (handler is HttpClientHandler given)
            {
                given.AllowAutoRedirect = false;
            }
            _handler = handler;
            // A handler given by the caller (a test's fake) may not implement the synchronous Send.
            _canSendSynchronously = SendOnThisThread != null && options.Handler == null;
            // A handler the caller passed in is theirs to dispose.
            _http = new HttpClient(handler, disposeHandler: options.Handler == null) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            // User-Agent is signed (as the Python SDK signs it), so every message carries it before signing.
            _userAgent = options.UserAgent;
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
            }
            else if (request.BodySegment is ArraySegment<byte> segment)
            {
                message.Content = new ByteArrayContent(segment.Array!, segment.Offset, segment.Count);
            }

            if (message.Content != null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
                // Windows PowerShell's .NET asks for 100-continue by default and waits for it before every body.
                message.Headers.ExpectContinue = false;
            }

            message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            foreach (var header in request.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    message.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            if (authenticator != null)
            {
                await authenticator.ApplyAsync(message, body, cancellationToken).ConfigureAwait(false);
            }

            // After signing, so it stays out of the AK/SK signature as the SDKs leave it; as text, because HttpClient's
            // DefaultRequestHeaders would clone a parsed value into every message (4-5 µs a call, bench/PROFILE.md).
            if (!message.Headers.Contains("Accept"))
            {
                message.Headers.TryAddWithoutValidation("Accept", AcceptJson);
            }

            if (Diagnostics.DebugEnabled)
            {
                Diagnostics.Debug(DescribeRequest(message, request));
            }

            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(_timeout);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                // ResponseContentRead (the default) buffers the body under the same timeout; a streamed body is read
                // under it too, in ReceiveAsync.
                var streamed = request.ResponseTarget != null;
                var completion = streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
                using var response = _canSendSynchronously && WaitingCaller.Take()
                    ? SendOnThisThread!(_http, message, completion, attemptTimeout.Token)
                    : await _http.SendAsync(message, completion, attemptTimeout.Token).ConfigureAwait(false);
                var bytes = streamed && response.IsSuccessStatusCode
                    ? await ReceiveAsync(response, request.ResponseTarget!, attemptTimeout.Token).ConfigureAwait(false)
                    : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (IsProxyRefusal(response, request.Uri))
                {
                    throw ProxyRefused(request, null);
                }

                var result = new ApiResponse((int)response.StatusCode, response.Headers, response.Content?.Headers, bytes, request.Method.Method, request.ShownUri);
                if (Diagnostics.DebugEnabled)
                {
                    Diagnostics.Debug(DescribeResponse(response, result, stopwatch.Elapsed));
                }

                if (result.StatusCode >= 300 && result.StatusCode <= 399)
                {
                    throw Redirected(result, response.Headers.Location, request);
                }

                return result;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failure(ModelArtsErrorKind.Timeout, "No answer within " + _timeout.TotalSeconds + " s", request, e);
            }
            catch (HttpRequestException e)
            {
                var certificate = CertificateValidator.FailureOf(message);
                if (certificate != null)
                {
                    throw Failure(ModelArtsErrorKind.Connection, "The server certificate of " + request.Uri.Host + " failed the " + certificate, request, e);
                }

                if (IsRefusedTunnel(e))
                {
                    throw ProxyRefused(request, e);
                }

                throw Failure(ModelArtsErrorKind.Connection, "The connection failed: " + Innermost(e).Message, request, e);
            }
        }

        /// <summary>
        /// Copies a body into the request's target as it arrives. A broken answer is a transport failure, as it is when
        /// buffered (so it is retried); a target that cannot be written (a full disk) is not.
        /// </summary>
        private static async Task<byte[]> ReceiveAsync(HttpResponseMessage response, Func<Stream> target, CancellationToken cancellationToken)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(StreamBufferSize);
            try
            {
                using (var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                using (var sink = target())
                {
                    while (true)
                    {
                        int read;
                        try
                        {
                            read = await source.ReadAsync(buffer, 0, StreamBufferSize, cancellationToken).ConfigureAwait(false);
                        }
                        catch (IOException e)
                        {
                            throw new HttpRequestException("The answer broke off: " + e.Message, e);
                        }

                        if (read == 0)
                        {
                            return NoBody;
                        }

                        await sink.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // 407 is the proxy's own answer. Some proxies (tinyproxy 1.11) answer wrong credentials with 401 and a Basic
        // challenge instead; ModelArts and IAM never challenge for Basic, so through a proxy that 401 is the proxy's too.
        private bool IsProxyRefusal(HttpResponseMessage response, Uri uri) =>
            response.StatusCode == ProxyAuthenticationRequired
            || (response.StatusCode == HttpStatusCode.Unauthorized
                && response.Headers.WwwAuthenticate.Any(c => string.Equals(c.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
                && _handler is HttpClientHandler client && client.UseProxy && client.Proxy != null && !client.Proxy.IsBypassed(uri));

        // An https request reaches the proxy through CONNECT, and any 401/407 answer to it is the proxy's. .NET 8 says so
        // in HttpRequestError and StatusCode, which netstandard2.0 cannot name; older runtimes only in the message.
        private static bool IsRefusedTunnel(HttpRequestException e)
        {
            var type = e.GetType();
            var error = type.GetProperty("HttpRequestError")?.GetValue(e)?.ToString();
            if (error != null)
            {
                var status = type.GetProperty("StatusCode")?.GetValue(e) as HttpStatusCode?;
                return error == "ProxyTunnelError" && (status == ProxyAuthenticationRequired || status == HttpStatusCode.Unauthorized);
            }

            return e.Message.Contains("'407'");
        }

        private static ModelArtsException ProxyRefused(ApiRequest request, Exception? inner) =>
            Failure(
                ModelArtsErrorKind.Authentication,
                "The proxy refused the credentials (HTTP 407 Proxy Authentication Required), not the cloud: check -ProxyCredential or the user:password of HTTPS_PROXY",
                request,
                inner,
                (int)ProxyAuthenticationRequired);

        private static ModelArtsException Failure(ModelArtsErrorKind kind, string message, ApiRequest request, Exception? inner, int? statusCode = null)
        {
            if (Diagnostics.DebugEnabled)
            {
                Diagnostics.Debug("HTTP " + request.Method + " " + request.ShownUri + " failed: " + message);
            }

            return new ModelArtsException(kind, message + " (" + request.Method + " " + request.ShownUri + ").", statusCode, null, null, request.Method.Method, request.ShownUri, inner);
        }

        /// <summary>
        /// No ModelArts or IAM call is answered with a redirect by the real services, so one means a proxy or a wrong
        /// endpoint; following it would carry the credentials to a host the endpoint rule never checked.
        /// </summary>
        private static ModelArtsException Redirected(ApiResponse response, Uri? location, ApiRequest request)
        {
            var target = location == null ? "nowhere (no Location header)" : (location.IsAbsoluteUri ? location : new Uri(request.ShownUri, location)).GetLeftPart(UriPartial.Path);
            return new ModelArtsException(
                ModelArtsErrorKind.InvalidResponse,
                "The service answered HTTP " + response.StatusCode + ", a redirect to " + target + "; the module does not follow redirects, "
                + "because that would send the credentials to another address. Connect with the endpoint the redirect names, if you trust it "
                + "(" + request.Method + " " + request.ShownUri.GetLeftPart(UriPartial.Path) + ").",
                response.StatusCode,
                null,
                response.RequestId,
                request.Method.Method,
                request.ShownUri);
        }

        private static Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? FindSynchronousSend()
        {
            var send = typeof(HttpClient).GetMethod("Send", new[] { typeof(HttpRequestMessage), typeof(HttpCompletionOption), typeof(CancellationToken) });
            return send == null
                ? null
                : (Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>)Delegate.CreateDelegate(
                    typeof(Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>), send);
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }

        private static string DescribeRequest(HttpRequestMessage message, ApiRequest request)
        {
            var headers = Redactor.Headers(message.Headers);
            return "HTTP " + message.Method + " " + (request.PreSigned ? request.ShownUri : message.RequestUri) + Environment.NewLine + headers
                + (request.Body == null ? string.Empty : Environment.NewLine + "  " + Redactor.Body(request.Body));
        }

        private static string DescribeResponse(HttpResponseMessage response, ApiResponse result, TimeSpan elapsed) =>
            "HTTP " + result.StatusCode + " " + response.ReasonPhrase + " from " + result.Method + " " + result.Uri
            + " in " + (long)elapsed.TotalMilliseconds + " ms, request id " + (result.RequestId ?? "-")
            + Environment.NewLine + Redactor.Headers(response.Headers)
            + Environment.NewLine + "  " + Redactor.Body(result.Body);
    }
}
