using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ModelArts.Emulator.Http
{
    /// <summary>How many bodies of callers not yet authenticated are read at once, how long a body may take, how large it may be.</summary>
    internal sealed record BodyLimits(long MaxBytes, int MaxUntrustedBodies, TimeSpan Timeout);

    /// <summary>
    /// Reads each request body once, up to the size limit (413 beyond it), so that the signature check and the
    /// endpoint see the same bytes. Bodies of callers that the headers did not already authenticate (AK/SK, whose
    /// signature covers the body, and IAM sign-in) are read a bounded number at a time, and a body that does not
    /// arrive within the timeout is answered 408, so stalled clients cannot pin memory. On the JSON APIs
    /// (<c>/v1</c>, <c>/v2</c>, <c>/v3</c>) a body must be declared JSON and be well-formed UTF-8 JSON.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle was used; it never is.")]
    internal sealed class RequestBody
    {
        private static readonly object Key = new object();
        private static readonly object TrustedKey = new object();
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        private readonly RequestDelegate _next;
        private readonly BodyLimits _limits;
        private readonly SemaphoreSlim _untrusted;

        public RequestBody(RequestDelegate next, BodyLimits limits)
        {
            _next = next;
            _limits = limits;
            _untrusted = new SemaphoreSlim(limits.MaxUntrustedBodies, limits.MaxUntrustedBodies);
        }

        public static byte[] Of(HttpContext context) => context.Items[Key] as byte[] ?? Array.Empty<byte>();

        /// <summary>Says that the headers already authenticated the caller (a valid token), so its body is not rationed.</summary>
        public static void MarkTrusted(HttpContext context) => context.Items[TrustedKey] = true;

        /// <summary>The APIs that speak JSON only; other surfaces (OBS) have their own content rules.</summary>
        public static bool IsJsonApi(PathString path) =>
            path.StartsWithSegments("/v1") || path.StartsWithSegments("/v2") || path.StartsWithSegments("/v3") || path.StartsWithSegments("/v3.0");

        public async Task InvokeAsync(HttpContext context)
        {
            if (context.Request.ContentLength > _limits.MaxBytes)
            {
                throw TooLarge();
            }
            var jsonApi = IsJsonApi(context.Request.Path);
            if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
            {
                await _next(context);
                return;
            }
            if (jsonApi && !IsJson(context.Request.ContentType))
            {
                throw JsonApiError(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                    "The request body must be sent as Content-Type: application/json.");
            }
            var trusted = context.Items.ContainsKey(TrustedKey);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(_limits.Timeout);
            byte[] body;
            if (!trusted && !await WaitForTurn(timeout.Token))
            {
                throw new ApiException(StatusCodes.Status429TooManyRequests, "APIG.0308",
                    "The throttling threshold has been reached: too many request bodies are being received.", ErrorShape.Gateway) { RetryAfterSeconds = 1 };
            }
            try
            {
                body = await ReadAsync(context, timeout.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                throw ApiException.Gateway(StatusCodes.Status408RequestTimeout, "APIG.0408",
                    $"The request body did not arrive within {_limits.Timeout.TotalSeconds:0} s.");
            }
            finally
            {
                if (!trusted)
                {
                    _untrusted.Release();
                }
            }
            if (jsonApi && body.Length > 0 && JsonProblem(body) is string problem)
            {
                throw JsonApiError(context, StatusCodes.Status400BadRequest, "Bad Request", problem);
            }
            context.Items[Key] = body;
            context.Request.Body = new MemoryStream(body, writable: false);
            await _next(context);
        }

        private async Task<bool> WaitForTurn(CancellationToken cancellation)
        {
            try
            {
                await _untrusted.WaitAsync(cancellation);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private async Task<byte[]> ReadAsync(HttpContext context, CancellationToken cancellation)
        {
            using var buffer = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 0, _limits.MaxBytes));
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, cancellation)) > 0)
            {
                if (buffer.Length + read > _limits.MaxBytes)
                {
                    throw TooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }

        private static bool IsJson(string? contentType) =>
            MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// Why a body is not text the endpoints can read: bytes that are not UTF-8, or a string escape that is half a
        /// surrogate pair. Syntax is left to the endpoint's own parse; the strings are walked only when the body
        /// holds a surrogate escape at all, so an ordinary body costs one pass over its bytes.
        /// </summary>
        private static string? JsonProblem(byte[] body)
        {
            try
            {
                StrictUtf8.GetCharCount(body);
            }
            catch (DecoderFallbackException)
            {
                return "The request body is not valid UTF-8.";
            }
            if (!HasSurrogateEscape(body))
            {
                return null;
            }
            try
            {
                var reader = new Utf8JsonReader(body);
                while (reader.Read())
                {
                    if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                    {
                        reader.GetString();
                    }
                }
                return null;
            }
            catch (InvalidOperationException)
            {
                return "The request body holds a string that is not valid Unicode (a lone surrogate).";
            }
            catch (JsonException)
            {
                // Not JSON at all: the endpoint says so in its own words.
                return null;
            }
        }

        /// <summary>True when the body holds <c>\uD800</c>–<c>\uDFFF</c> (any case); an escaped backslash before 'u' only costs a walk.</summary>
        private static bool HasSurrogateEscape(byte[] body)
        {
            for (var i = 0; i + 3 < body.Length; i++)
            {
                if (body[i] == '\\' && body[i + 1] == 'u' && (body[i + 2] | 0x20) == 'd' && (body[i + 3] | 0x20) is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f'))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>An error in the shape of the API the path belongs to: IAM for /v3, ModelArts otherwise.</summary>
        private static ApiException JsonApiError(HttpContext context, int status, string title, string message) =>
            context.Request.Path.StartsWithSegments("/v3") || context.Request.Path.StartsWithSegments("/v3.0")
                ? ApiException.Iam(status, title, message)
                : new ApiException(status, "ModelArts.0101", message);

        private ApiException TooLarge() =>
            ApiException.Gateway(StatusCodes.Status413PayloadTooLarge, "APIG.0201", $"Request entity too large: the limit is {_limits.MaxBytes} bytes.");
    }
}
