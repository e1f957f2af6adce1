using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>
    /// Appends whole lines to a worker's log file (and to its copy under log_url), one write and flush per line,
    /// so readers and a restarted service always see complete lines. Every file has one open stream in the service,
    /// shared by all writers that name it (two versions with one log_url, or job names that map to one log name),
    /// so their lines never cut into each other.
    /// </summary>
    internal sealed class LogWriter : IDisposable
    {
        public const string ServicePrefix = "[ModelArts Service Log]";

        /// <summary>Longer output lines are split into lines of this many characters, so no line is held whole in memory.</summary>
        public const int MaxLineChars = 16 * 1024;

        private static readonly Dictionary<string, SharedFile> OpenFiles = new Dictionary<string, SharedFile>(StringComparer.Ordinal);

        private readonly List<SharedFile> _targets = new List<SharedFile>();

        /// <summary>Opens (or shares) each file; a path, or a link on it, that leads out of <paramref name="root"/> is refused.</summary>
        public LogWriter(DataRoot root, IEnumerable<string> paths)
        {
            try
            {
                foreach (var path in paths)
                {
                    root.EnsureInside(path);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    _targets.Add(SharedFile.Acquire(root, path));
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public void Line(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text.Replace('\n', ' ').Replace("\r", string.Empty) + "\n");
            foreach (var target in _targets)
            {
                target.Append(bytes);
            }
        }

        /// <summary>A line from the platform rather than from the training script.</summary>
        public void Service(string text) => Line(ServicePrefix + text);

        /// <summary>
        /// Copies a worker's output into the log line by line until it ends. '\n', '\r\n' and '\r' end a line;
        /// a line longer than <see cref="MaxLineChars"/> is written in pieces of that length.
        /// </summary>
        public async Task PumpAsync(TextReader reader)
        {
            var buffer = new char[4096];
            var line = new StringBuilder();
            var afterReturn = false;
            int read;
            while ((read = await reader.ReadAsync(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var c = buffer[i];
                    if (c == '\n' || c == '\r')
                    {
                        if (!(c == '\n' && afterReturn))
                        {
                            Line(line.ToString());
                            line.Clear();
                        }
                        afterReturn = c == '\r';
                        continue;
                    }
                    afterReturn = false;
                    line.Append(c);
                    if (line.Length >= MaxLineChars)
                    {
                        // A surrogate pair is never cut: its first half waits for the next piece.
                        var keep = char.IsHighSurrogate(c) ? 1 : 0;
                        Line(line.ToString(0, line.Length - keep));
                        line.Remove(0, line.Length - keep);
                    }
                }
            }
            if (line.Length > 0)
            {
                Line(line.ToString());
            }
        }

        /// <summary>Adds one service line to an existing log file, e.g. to say that a job was lost.</summary>
        public static void AppendServiceLine(DataRoot root, string path, string text)
        {
            using var writer = new LogWriter(root, new[] { path });
            writer.Service(text);
        }

        public void Dispose()
        {
            lock (_targets)
            {
                _targets.ForEach(t => t.Release());
                _targets.Clear();
            }
        }

        /// <summary>One open log file and how many writers use it.</summary>
        private sealed class SharedFile
        {
            private readonly string _key;
            private readonly FileStream _stream;
            private int _users;

            private SharedFile(string key, FileStream stream)
            {
                _key = key;
                _stream = stream;
            }

            public static SharedFile Acquire(DataRoot root, string path)
            {
                var key = SafePath.RealPath(path);
                lock (OpenFiles)
                {
                    if (!OpenFiles.TryGetValue(key, out var file))
                    {
                        file = new SharedFile(key, root.OpenInside(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
                        OpenFiles[key] = file;
                    }
                    file._users++;
                    return file;
                }
            }

            public void Append(byte[] bytes)
            {
                lock (this)
                {
                    _stream.Write(bytes);
                    _stream.Flush();
                }
            }

            public void Release()
            {
                lock (OpenFiles)
                {
                    if (--_users == 0)
                    {
                        OpenFiles.Remove(_key);
                        lock (this)
                        {
                            _stream.Dispose();
                        }
                    }
                }
            }
        }
    }
}
