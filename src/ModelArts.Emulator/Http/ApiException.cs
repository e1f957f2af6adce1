using System;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Http
{
    /// <summary>The families of error body the real endpoints answer with.</summary>
    internal enum ErrorShape
    {
        /// <summary>ModelArts v1: <c>{"is_success":false,"error_code","error_msg"}</c>.</summary>
        ModelArts,

        /// <summary>API gateway: <c>{"error_msg","error_code","request_id"}</c>.</summary>
        Gateway,

        /// <summary>IAM (Keystone): <c>{"error":{"code","message","title"}}</c>.</summary>
        Iam,

        /// <summary>ModelArts v2 training: <c>{"error_msg","error_code","error_solution"}</c>.</summary>
        ModelArtsV2,
    }

    /// <summary>A refused call; thrown anywhere below the request middleware, which writes it as the answer.</summary>
    internal sealed class ApiException : Exception
    {
        public ApiException(int status, string code, string message, ErrorShape shape = ErrorShape.ModelArts)
            : base(message)
        {
            Status = status;
            Code = code;
            Shape = shape;
        }

        public int Status { get; }
        public string Code { get; }
        public ErrorShape Shape { get; }

        /// <summary>Seconds to put in Retry-After, for throttling answers.</summary>
        public int? RetryAfterSeconds { get; init; }

        public static ApiException InvalidArgument(string message) => new ApiException(StatusCodes.Status400BadRequest, "ModelArts.0101", message);

        public static ApiException ParameterError(string message) => new ApiException(StatusCodes.Status400BadRequest, "ModelArts.0104", message);

        public static ApiException NotFound(string message) => new ApiException(StatusCodes.Status404NotFound, "ModelArts.0015", message);

        public static ApiException Gateway(int status, string code, string message) => new ApiException(status, code, message, ErrorShape.Gateway);

        /// <summary>APIG.0301, the gateway's answer to every credential it cannot accept.</summary>
        public static ApiException BadCredentials(string detail) =>
            Gateway(StatusCodes.Status401Unauthorized, "APIG.0301", "Incorrect IAM authentication information: " + detail);

        public static ApiException Iam(int status, string title, string message) => new ApiException(status, status.ToString(System.Globalization.CultureInfo.InvariantCulture), message, ErrorShape.Iam)
        {
            IamTitle = title,
        };

        public string IamTitle { get; private init; } = "";

        /// <summary>What the caller can do about it; v2 answers carry it as <c>error_solution</c>.</summary>
        public string Solution { get; init; } = "";

        public object Body(string requestId) => Shape switch
        {
            ErrorShape.Gateway => new { error_msg = Message, error_code = Code, request_id = requestId },
            ErrorShape.Iam => new { error = new { code = Status, message = Message, title = IamTitle } },
            ErrorShape.ModelArtsV2 => new { error_msg = Message, error_code = Code, error_solution = Solution },
            _ => (object)new { is_success = false, error_code = Code, error_msg = Message },
        };
    }
}
