using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ModelArts.Core.Http;

namespace ModelArts.Core.Training
{
    /// <summary>A successful answer of <see cref="ModelArtsClient.InvokeRestAsync"/>: its status, request id, headers and body text.</summary>
    public sealed class RestAnswer
    {
        private RestAnswer(int statusCode, string? requestId, IReadOnlyDictionary<string, string[]> headers, string body)
        {
            StatusCode = statusCode;
            RequestId = requestId;
            Headers = headers;
            Body = body;
        }

        public int StatusCode { get; }

        public string? RequestId { get; }

        /// <summary>Every response header, content headers (Content-Type, Content-Length, …) included; names without case.</summary>
        public IReadOnlyDictionary<string, string[]> Headers { get; }

        /// <summary>The body as text; empty for 204, a DELETE's 202 or a HEAD.</summary>
        public string Body { get; }

        internal static RestAnswer From(ApiResponse response)
        {
            var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.ContentHeaders == null ? response.Headers : response.Headers.Concat(response.ContentHeaders))
            {
                headers[header.Key] = header.Value.ToArray();
            }

            return new RestAnswer(response.StatusCode, response.RequestId, headers, Encoding.UTF8.GetString(response.Body));
        }
    }
}
