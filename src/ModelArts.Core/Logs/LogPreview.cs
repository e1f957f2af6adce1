namespace ModelArts.Core.Logs
{
    /// <summary>A v2 log preview: the last bytes of a task's log (UTF-8) and the log's whole size, so <c>content</c> starts at <c>FullSize - Content.Length</c>.</summary>
    internal sealed class LogPreview
    {
        public LogPreview(byte[] content, long fullSize)
        {
            Content = content;
            FullSize = fullSize;
        }

        public byte[] Content { get; }

        public long FullSize { get; }

        public long WindowStart => FullSize - Content.Length;
    }
}
