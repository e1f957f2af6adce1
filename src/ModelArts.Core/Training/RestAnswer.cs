namespace ModelArts.Core.Training
{
    /// <summary>A successful answer of <see cref="ModelArtsClient.InvokeRestAsync"/>: its status, request id and body text.</summary>
    public sealed class RestAnswer
    {
        internal RestAnswer(int statusCode, string? requestId, string body)
        {
            StatusCode = statusCode;
            RequestId = requestId;
            Body = body;
        }

        public int StatusCode { get; }

        public string? RequestId { get; }

        /// <summary>The body as text; empty for 204 or a DELETE's 202.</summary>
        public string Body { get; }
    }
}
