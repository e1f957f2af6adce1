using System.Linq;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace ModelArts.Core.Errors
{
    /// <summary>
    /// Reads the three documented error shapes: v1 <c>error_code</c>+<c>error_message</c>, the general
    /// <c>error_code</c>+<c>error_msg</c> (APIG, v2), and IAM's nested <c>{"error":{"code","message","title"}}</c>,
    /// and OBS's XML <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;RequestId/&gt;&lt;/Error&gt;</c>.
    /// </summary>
    internal readonly struct ErrorBody
    {
        private const int MaxRawMessage = 300;

        private ErrorBody(string? code, string? message, string? requestId)
        {
            Code = code;
            Message = message;
            RequestId = requestId;
        }

        public string? Code { get; }

        public string? Message { get; }

        /// <summary>APIG repeats the request id in the body; used when the header is missing.</summary>
        public string? RequestId { get; }

        public static ErrorBody Parse(string? body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return default;
            }

            if (body!.TrimStart().StartsWith("<", System.StringComparison.Ordinal))
            {
                return Xml(body);
            }

            try
            {
                using var document = JsonDocument.Parse(body!);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return Raw(body!);
                }

                if (root.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object)
                {
                    var title = Text(nested, "title");
                    var message = Text(nested, "message") ?? title;
                    return new ErrorBody(Text(nested, "code"), message, Text(root, "request_id"));
                }

                return new ErrorBody(
                    Text(root, "error_code"),
                    Text(root, "error_msg") ?? Text(root, "error_message"),
                    Text(root, "request_id"));
            }
            catch (JsonException)
            {
                return Raw(body!);
            }
        }

        private static ErrorBody Xml(string body)
        {
            try
            {
                var root = XDocument.Parse(body).Root;
                if (root == null || root.Name.LocalName != "Error")
                {
                    return Raw(body);
                }

                string? Element(string name) =>
                    root.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value is string text && text.Length > 0 ? text : null;
                return new ErrorBody(Element("Code"), Element("Message") ?? Element("Code"), Element("RequestId"));
            }
            catch (XmlException)
            {
                return Raw(body);
            }
        }

        // A gateway may answer with HTML or plain text; a trimmed excerpt beats no message at all.
        private static ErrorBody Raw(string body)
        {
            var text = body.Trim();
            if (text.Length > MaxRawMessage)
            {
                text = text.Substring(0, MaxRawMessage) + "…";
            }

            return new ErrorBody(null, text, null);
        }

        private static string? Text(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    var text = value.GetString();
                    return string.IsNullOrEmpty(text) ? null : text;
                case JsonValueKind.Number:
                    return value.GetRawText();
                default:
                    return null;
            }
        }
    }
}
