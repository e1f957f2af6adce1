using System;
using System.Linq;
using System.Net.Http.Headers;
using System.Text.Json;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Http
{
    /// <summary>A buffered answer: status, the headers the core reads, and the body bytes.</summary>
    internal sealed class ApiResponse
    {
        public ApiResponse(int statusCode, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, byte[] body, string method, Uri uri)
        {
            StatusCode = statusCode;
            Headers = headers;
            ContentHeaders = contentHeaders;
            Body = body;
            Method = method;
            Uri = uri;
        }

        public int StatusCode { get; }

        public HttpResponseHeaders Headers { get; }

        /// <summary>Content-Type, Content-Length, Last-Modified and the like; null for an answer without content.</summary>
        public HttpContentHeaders? ContentHeaders { get; }

        public byte[] Body { get; }

        public string Method { get; }

        public Uri Uri { get; }

        // OBS names its request id x-obs-request-id.
        public string? RequestId => Header("X-Request-Id") ?? Header("x-obs-request-id");

        public string? Header(string name) =>
            Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        /// <summary>Parses the body; a body the models cannot read is an InvalidResponse, not a crash.</summary>
        public T Read<T>()
        {
            try
            {
                return ModelArtsJson.Deserialize<T>(Body);
            }
            catch (JsonException e)
            {
                throw Unreadable(typeof(T).Name, e);
            }
        }

        /// <summary>Parses the answer with <paramref name="parse"/> (a body received elsewhere, <see cref="ApiRequest.ResponseTarget"/>); a <see cref="JsonException"/> from it is an InvalidResponse.</summary>
        public T Parse<T>(Func<T> parse)
        {
            try
            {
                return parse();
            }
            catch (JsonException e)
            {
                throw Unreadable(typeof(T).Name, e);
            }
        }

        public ModelArtsException ToException(DateTimeOffset now)
        {
            var exception = ModelArtsException.FromResponse(
                StatusCode, System.Text.Encoding.UTF8.GetString(Body), RequestId, Method, Uri);
            exception.RetryAfter = RetryAfter(Headers.RetryAfter, now);
            return exception;
        }

        private ModelArtsException Unreadable(string what, JsonException e) =>
            new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "The answer could not be read as " + what + ": " + e.Message, StatusCode, null, RequestId, Method, Uri, e);

        /// <summary>Retry-After as seconds or as an HTTP date; a date in the past means "now".</summary>
        internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
        {
            if (header == null)
            {
                return null;
            }

            if (header.Delta.HasValue)
            {
                return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            }

            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }
    }
}
