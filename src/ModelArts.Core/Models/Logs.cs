namespace ModelArts.Core.Models
{
    /// <summary><c>order</c> of an aom-log read: Desc = lines after the base line, Asc = lines before it (contract §5).</summary>
    public enum LogOrder
    {
        Desc,
        Asc,
    }

    public enum LogReadMode
    {
        /// <summary>The whole file, oldest line first.</summary>
        Whole,

        /// <summary>The last N lines.</summary>
        Tail,

        /// <summary>The last N lines (or all), then new lines until the job ends.</summary>
        Follow,
    }

    /// <summary>One aom-log answer. Positions are opaque strings, only passed back.</summary>
    public sealed class LogChunk
    {
        public LogChunk(string startLine, string endLine, int lines, string content)
        {
            StartLine = startLine ?? string.Empty;
            EndLine = endLine ?? string.Empty;
            Lines = lines;
            Content = content ?? string.Empty;
        }

        public string StartLine { get; }

        public string EndLine { get; }

        public int Lines { get; }

        public string Content { get; }
    }

    /// <summary>One log line of one worker.</summary>
    public sealed class LogLine
    {
        public LogLine(long jobId, long versionId, int worker, string logFile, string? position, string line)
        {
            JobId = jobId;
            VersionId = versionId;
            Worker = worker;
            LogFile = logFile;
            Position = position;
            Line = line;
        }

        public long JobId { get; }

        public long VersionId { get; }

        /// <summary>Worker index, from the <c>.N</c> suffix of the log file name.</summary>
        public int Worker { get; }

        public string LogFile { get; }

        /// <summary>The position of the chunk this line came from, when known.</summary>
        public string? Position { get; }

        public string Line { get; }

        public override string ToString() => Line;
    }
}
