using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Models;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// Reads aom-log files per contract §5 in bounded memory. Contract §5 pages a file backwards, so to give lines
    /// oldest first it keeps the pages it walks back over while they fit <see cref="KeepBudgetChars"/> (one pass);
    /// a larger file is walked back by positions only and then paged forward (every line read twice, one page held).
    /// </summary>
    internal sealed class LogReader
    {
        public const int PageSize = 500;

        /// <summary>Log text kept while walking back: 256 K characters, some 4,000 typical lines, small beside pwsh itself.</summary>
        public const int KeepBudgetChars = 1 << 18;

        private readonly ILogSource _source;
        private readonly long _jobId;
        private readonly long _versionId;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly TimeSpan _pollInterval;
        private readonly int _keepBudgetChars;

        public LogReader(
            ILogSource source,
            long jobId,
            long versionId,
            Func<TimeSpan, CancellationToken, Task> delay,
            TimeSpan pollInterval,
            int keepBudgetChars = KeepBudgetChars)
        {
            _source = source;
            _jobId = jobId;
            _versionId = versionId;
            _delay = delay;
            _pollInterval = pollInterval;
            _keepBudgetChars = keepBudgetChars;
        }

        /// <summary>The whole file (<paramref name="maxLines"/> null) or its last lines, oldest first.</summary>
        public async IAsyncEnumerable<LogLine> ReadRecentAsync(Cursor cursor, int? maxLines, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // At least one line, so that even "last 0 lines" learns where the file ends.
            var first = maxLines.HasValue ? Math.Max(1, Math.Min(maxLines.Value, PageSize)) : PageSize;
            var newest = await ReadChunkAsync(cursor.File, null, first, LogOrder.Desc, cancellationToken).ConfigureAwait(false);
            if (newest.Lines == 0)
            {
                yield break;
            }

            var oldest = newest;
            var oldestLines = Split(newest.Content);
            var count = oldestLines.Length;
            var more = newest.Lines >= first;

            // The pages walked over, newest at the bottom; dropped (null) once they outgrow the budget.
            var kept = new Stack<(LogChunk Chunk, string[] Lines)>();
            kept.Push((newest, oldestLines));
            long keptChars = newest.Content.Length;
            while (more && (maxLines == null || count < maxLines.Value))
            {
                var older = await ReadChunkAsync(cursor.File, oldest.StartLine, PageSize, LogOrder.Asc, cancellationToken).ConfigureAwait(false);
                if (older.Lines == 0)
                {
                    break;
                }

                oldest = older;
                oldestLines = Split(older.Content);
                count += oldestLines.Length;
                more = older.Lines >= PageSize;
                if (kept != null && (keptChars += older.Content.Length) <= _keepBudgetChars)
                {
                    kept.Push((older, oldestLines));
                }
                else
                {
                    kept = null;
                }
            }

            var skip = maxLines.HasValue ? Math.Max(0, count - maxLines.Value) : 0;
            var pages = kept ?? (IEnumerable<(LogChunk Chunk, string[] Lines)>)new[] { (oldest, oldestLines) };
            foreach (var (chunk, lines) in pages)
            {
                for (var i = 0; i < lines.Length; i++)
                {
                    if (skip > 0)
                    {
                        skip--;
                    }
                    else
                    {
                        yield return Line(cursor, chunk.EndLine, lines[i]);
                    }
                }

                cursor.Position = chunk.EndLine;
            }

            // Onwards to the current end: the rest of a file walked back by positions only, or what was written since.
            if (!ReferenceEquals(oldest, newest))
            {
                await foreach (var line in ReadForwardAsync(cursor, cancellationToken).ConfigureAwait(false))
                {
                    yield return line;
                }
            }
        }

        /// <summary>Lines after the cursor up to the current end of the file.</summary>
        public async IAsyncEnumerable<LogLine> ReadForwardAsync(Cursor cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (true)
            {
                var chunk = await ReadChunkAsync(cursor.File, cursor.Position, PageSize, LogOrder.Desc, cancellationToken).ConfigureAwait(false);
                if (chunk.Lines == 0)
                {
                    yield break;
                }

                foreach (var line in Split(chunk.Content))
                {
                    yield return Line(cursor, chunk.EndLine, line);
                }

                cursor.Position = chunk.EndLine;
                if (chunk.Lines < PageSize)
                {
                    yield break;
                }
            }
        }

        /// <summary>The whole file or its last <paramref name="tail"/> lines of each wanted file, file by file (worker 0 first).</summary>
        public async IAsyncEnumerable<LogLine> ReadFilesAsync(Func<int, bool> wanted, int? tail, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var file in await _source.GetFileNamesAsync(_jobId, _versionId, cancellationToken).ConfigureAwait(false))
            {
                if (!wanted(LogFiles.WorkerOf(file)))
                {
                    continue;
                }

                await foreach (var line in ReadRecentAsync(new Cursor(file, null), tail, cancellationToken).ConfigureAwait(false))
                {
                    yield return line;
                }
            }
        }

        /// <summary>
        /// The last <paramref name="tail"/> lines (all when null) of every wanted file, then new lines as they come,
        /// polling the job between empty reads; ends when the job is terminal and a read after that is empty.
        /// Files that appear later (workers starting) are read from their beginning.
        /// </summary>
        public async IAsyncEnumerable<LogLine> FollowAsync(Func<int, bool> wanted, int? tail, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var cursors = new List<Cursor>();
            var known = new HashSet<string>(StringComparer.Ordinal);
            var firstListing = true;
            var idle = true;
            var terminal = false;
            while (true)
            {
                if (idle)
                {
                    foreach (var file in await _source.GetFileNamesAsync(_jobId, _versionId, cancellationToken).ConfigureAwait(false))
                    {
                        if (known.Add(file) && wanted(LogFiles.WorkerOf(file)))
                        {
                            cursors.Add(new Cursor(file, firstListing ? tail : null));
                        }
                    }

                    firstListing = false;
                }

                idle = true;
                foreach (var cursor in cursors)
                {
                    var lines = cursor.Position == null
                        ? ReadRecentAsync(cursor, cursor.InitialTail, cancellationToken)
                        : ReadForwardAsync(cursor, cancellationToken);
                    await foreach (var line in lines.ConfigureAwait(false))
                    {
                        idle = false;
                        yield return line;
                    }

                    // Still empty: whatever it gets later is new, so read it from the start.
                    if (cursor.Position == null)
                    {
                        cursor.InitialTail = null;
                    }
                }

                if (!idle)
                {
                    continue;
                }

                if (terminal)
                {
                    yield break;
                }

                terminal = (await _source.GetVersionAsync(_jobId, _versionId, cancellationToken).ConfigureAwait(false)).StatusCode.IsTerminal();
                if (!terminal)
                {
                    await _delay(_pollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private Task<LogChunk> ReadChunkAsync(string file, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken) =>
            _source.ReadChunkAsync(_jobId, _versionId, file, baseLine, lines, order, cancellationToken);

        private static string[] Split(string content)
        {
            if (content.Length == 0)
            {
                return Array.Empty<string>();
            }

            var lines = content.Split('\n');
            var count = content.EndsWith("\n", StringComparison.Ordinal) ? lines.Length - 1 : lines.Length;
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = lines[i].TrimEnd('\r');
            }

            return result;
        }

        private LogLine Line(Cursor cursor, string position, string text) =>
            new LogLine(_jobId, _versionId, cursor.Worker, cursor.File, position, text);

        /// <summary>Where reading of one file stands: the last position read, null before anything was.</summary>
        internal sealed class Cursor
        {
            public Cursor(string file, int? initialTail)
            {
                File = file;
                Worker = LogFiles.WorkerOf(file);
                InitialTail = initialTail;
            }

            public string File { get; }

            public int Worker { get; }

            public int? InitialTail { get; set; }

            public string? Position { get; set; }
        }
    }
}
