using System;
using System.Text;

namespace ModelArts.Core.Errors
{
    /// <summary>A failed ModelArts or IAM call: keeps status, service error code, request id and the request it belongs to.</summary>
    public class ModelArtsException : Exception
    {
        public ModelArtsException(
            ModelArtsErrorKind kind,
            string message,
            int? statusCode = null,
            string? errorCode = null,
            string? requestId = null,
            string? method = null,
            Uri? requestUri = null,
            Exception? innerException = null)
            : base(Compose(message, errorCode, requestId), innerException)
        {
            Kind = kind;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            RequestId = requestId;
            Method = method;
            RequestUri = requestUri;
            ServiceMessage = message;
        }

        public ModelArtsErrorKind Kind { get; }

        public int? StatusCode { get; }

        /// <summary>The service's code, e.g. <c>ModelArts.0103</c> or <c>APIG.0301</c>.</summary>
        public string? ErrorCode { get; }

        /// <summary>The <c>X-Request-Id</c> of the failed answer; support needs it.</summary>
        public string? RequestId { get; }

        public string? Method { get; }

        public Uri? RequestUri { get; }

        /// <summary>How long the service asked to wait (Retry-After), when it did.</summary>
        public TimeSpan? RetryAfter { get; internal set; }

        /// <summary>The message as the service (or the client check) gave it, without code and request id.</summary>
        public string ServiceMessage { get; }

        /// <summary>Builds the exception for a non-success HTTP answer from its body (any of the three documented shapes).</summary>
        public static ModelArtsException FromResponse(
            int statusCode, string? body, string? requestId, string? method = null, Uri? requestUri = null)
        {
            var parsed = ErrorBody.Parse(body);
            var message = parsed.Message ?? DefaultMessage(statusCode);
            return new ModelArtsException(
                KindOf(statusCode, parsed.Code), message, statusCode, parsed.Code, requestId ?? parsed.RequestId, method, requestUri);
        }

        /// <summary>Status and service code to kind. A duplicate job name comes as 400 but is a conflict.</summary>
        public static ModelArtsErrorKind KindOf(int statusCode, string? errorCode)
        {
            if (string.Equals(errorCode, "ModelArts.0103", StringComparison.OrdinalIgnoreCase)
                || string.Equals(errorCode, "ModelArts.2751", StringComparison.OrdinalIgnoreCase))
            {
                return ModelArtsErrorKind.ResourceExists;
            }

            // v2 answers an unknown job with HTTP 400, not 404 (contract §7).
            if (string.Equals(errorCode, "ModelArts.2775", StringComparison.OrdinalIgnoreCase))
            {
                return ModelArtsErrorKind.NotFound;
            }

            switch (statusCode)
            {
                case 400: return ModelArtsErrorKind.InvalidArgument;
                case 401: return ModelArtsErrorKind.Authentication;
                case 403: return ModelArtsErrorKind.PermissionDenied;
                case 404: return ModelArtsErrorKind.NotFound;
                case 408: return ModelArtsErrorKind.Timeout;
                case 409: return ModelArtsErrorKind.ResourceExists;
                case 429: return ModelArtsErrorKind.Throttled;
            }

            if (statusCode >= 500)
            {
                return ModelArtsErrorKind.ServerError;
            }

            return statusCode >= 400 ? ModelArtsErrorKind.InvalidArgument : ModelArtsErrorKind.InvalidResponse;
        }

        private static string DefaultMessage(int statusCode) =>
            "The service answered HTTP " + statusCode + " without an error message.";

        private static string Compose(string message, string? errorCode, string? requestId)
        {
            var text = new StringBuilder();
            if (!string.IsNullOrEmpty(errorCode))
            {
                text.Append(errorCode).Append(": ");
            }

            text.Append(message);
            if (!string.IsNullOrEmpty(requestId))
            {
                text.Append(" (request id ").Append(requestId).Append(')');
            }

            return text.ToString();
        }
    }
}
