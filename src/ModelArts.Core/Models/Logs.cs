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
        public LogLine(string jobId, long versionId, int worker, string logFile, string? position, string line)
        {
            JobId = jobId;
            VersionId = versionId;
            Worker = worker;
            LogFile = logFile;
            Position = position;
            Line = line;
        }

        /// <summary>The job's id: a v2 UUID, or a v1 number as text (as <see cref="TrainingJob.JobId"/>).</summary>
        public string JobId { get; }

        /// <summary>The v1 version; 0 on v2, which has none.</summary>
        public long VersionId { get; }

        /// <summary>Worker index, from the log's name (v1 <c>job-x.N</c>, v2 task <c>worker-N</c>).</summary>
        public int Worker { get; }

        /// <summary>The log's name: a v1 log file, or a v2 task.</summary>
        public string LogFile { get; }

        /// <summary>The position of the chunk this line came from, when known.</summary>
        public string? Position { get; }

        public string Line { get; }

        public override string ToString() => Line;
    }
}
