using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>
    /// Appends whole lines to a worker's log file (and to its copy under log_url), one write and flush per line,
    /// so readers and a restarted service always see complete lines.
    /// </summary>
    public sealed class LogWriter : IDisposable
    {
        public const string ServicePrefix = "[ModelArts Service Log]";

        private readonly List<FileStream> _targets = new List<FileStream>();

        public LogWriter(IEnumerable<string> paths)
        {
            foreach (var path in paths)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                _targets.Add(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
            }
        }

        public void Line(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text.Replace('\n', ' ').Replace("\r", string.Empty) + "\n");
            lock (_targets)
            {
                foreach (var target in _targets)
                {
                    target.Write(bytes);
                    target.Flush();
                }
            }
        }

        /// <summary>A line from the platform rather than from the training script.</summary>
        public void Service(string text) => Line(ServicePrefix + text);

        /// <summary>Adds one service line to an existing log file, e.g. to say that a job was lost.</summary>
        public static void AppendServiceLine(string path, string text)
        {
            using var writer = new LogWriter(new[] { path });
            writer.Service(text);
        }

        public void Dispose()
        {
            lock (_targets)
            {
                _targets.ForEach(t => t.Dispose());
                _targets.Clear();
            }
        }
    }
}
