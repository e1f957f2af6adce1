using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelArts.Core.Http;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// A v2 log preview: the last bytes of a task's log (UTF-8, the first <see cref="Length"/> bytes of
    /// <see cref="Content"/>) and the log's whole size, so the content starts at <c>FullSize - Length</c>.
    /// </summary>
    internal sealed class LogPreview
    {
        private static readonly byte[] ContentName = Encoding.UTF8.GetBytes("content");
        private static readonly byte[] ContextName = Encoding.UTF8.GetBytes("context");
        private static readonly byte[] FullSizeName = Encoding.UTF8.GetBytes("full_size");

        public LogPreview(byte[] content, int length, long fullSize)
        {
            Content = content;
            Length = length;
            FullSize = fullSize;
        }

        /// <summary>Holds the content in its first <see cref="Length"/> bytes; may be longer.</summary>
        public byte[] Content { get; }

        public int Length { get; }

        public long FullSize { get; }

        public long WindowStart => FullSize - Length;

        /// <summary>
        /// Reads a preview answer (the SDK's <c>content</c>, called <c>context</c> before 2022-03-01, and <c>full_size</c>),
        /// as received in chunks (<see cref="ChunkedBody"/>), straight into the UTF-8 bytes of its content: a preview is
        /// up to 5 MB of text, which as a string would take twice that, and its bytes again, all on the large-object
        /// heap. Throws <see cref="JsonException"/> on a body
        /// that is no such object.
        /// </summary>
        public static LogPreview FromJson(ReadOnlySequence<byte> body)
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A log preview must be a JSON object.");
            }

            (byte[] Bytes, int Length)? content = null;
            (byte[] Bytes, int Length)? context = null;
            long? fullSize = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isContent = reader.ValueTextEquals(ContentName);
                var isContext = !isContent && reader.ValueTextEquals(ContextName);
                var isFullSize = !isContent && !isContext && reader.ValueTextEquals(FullSizeName);
                if (!reader.Read())
                {
                    break;
                }

                if (isContent)
                {
                    content = Text(ref reader);
                }
                else if (isContext)
                {
                    context = Text(ref reader);
                }
                else if (isFullSize)
                {
                    fullSize = ModelArtsJson.ReadInteger(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            var (bytes, length) = content ?? context ?? (Array.Empty<byte>(), 0);
            return new LogPreview(bytes, length, fullSize ?? length);
        }

        /// <summary>A string (or, as everywhere in the models, a number's text) as UTF-8 bytes; null for JSON null.</summary>
        private static (byte[] Bytes, int Length)? Text(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.String when reader.ValueIsEscaped:
                    // Unescaping never lengthens a string, so its escaped length is room enough.
                    var unescaped = new byte[checked((int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length))];
                    return (unescaped, reader.CopyString(unescaped));
                case JsonTokenType.String:
                case JsonTokenType.Number:
                    var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                    return (raw, raw.Length);
                default:
                    throw new JsonException("Expected the preview's text, found " + reader.TokenType + ".");
            }
        }
    }
}
