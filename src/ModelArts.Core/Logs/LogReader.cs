using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Models;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// Reads the logs of any <see cref="ILogSource"/> in bounded memory. Contract §5 pages a file backwards, so to give lines
    /// oldest first it keeps the pages it walks back over while they fit <see cref="KeepBudgetChars"/> (one pass);
    /// a larger file is walked back by positions only and then paged forward (every line read twice, one page held).
    /// A source that can start at a file's beginning (<see cref="ILogSource.Start"/>) is read forwards only.
    /// Lines come out a page at a time (never an empty one): a caller pays its per-element costs once a page, not once a line.
    /// </summary>
    internal sealed class LogReader
    {
        public const int PageSize = 500;

        /// <summary>Log text kept while walking back: 256 K characters, some 4,000 typical lines, small beside pwsh itself.</summary>
        public const int KeepBudgetChars = 1 << 18;

        private readonly ILogSource _source;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly TimeSpan _pollInterval;
        private readonly int _keepBudgetChars;
        private readonly YoungCollector _garbage = new YoungCollector();

        public LogReader(
            ILogSource source,
            Func<TimeSpan, CancellationToken, Task> delay,
            TimeSpan pollInterval,
            int keepBudgetChars = KeepBudgetChars)
        {
            _source = source;
            _delay = delay;
            _pollInterval = pollInterval;
            _keepBudgetChars = keepBudgetChars;
        }

        /// <summary>The whole file (<paramref name="maxLines"/> null) or its last lines, oldest first.</summary>
        public async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadRecentAsync(Cursor cursor, int? maxLines, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // A source that can start at the beginning reads a whole file forwards, each line once.
            if (maxLines == null && _source.Start != null)
            {
                cursor.Position = _source.Start;
                await foreach (var lines in ReadForwardAsync(cursor, cancellationToken).ConfigureAwait(false))
                {
                    yield return lines;
                }

                yield break;
            }

            // At least one line, so that even "last 0 lines" learns where the file ends.
            var first = maxLines.HasValue ? Math.Max(1, Math.Min(maxLines.Value, PageSize)) : PageSize;
            var newest = await ReadPageAsync(cursor.File, null, first, LogOrder.Desc, cancellationToken).ConfigureAwait(false);
            if (newest.Lines.Count == 0)
            {
                yield break;
            }

            var oldest = newest;
            var count = newest.Lines.Count;

            // The pages walked over, newest at the bottom; dropped (null) once they outgrow the budget.
            var kept = new Stack<LogPage>();
            kept.Push(newest);
            long keptChars = Chars(newest);
            while (oldest.More && (maxLines == null || count < maxLines.Value))
            {
                var older = await ReadPageAsync(cursor.File, oldest.StartLine, PageSize, LogOrder.Asc, cancellationToken).ConfigureAwait(false);
                if (older.Lines.Count == 0)
                {
                    break;
                }

                oldest = older;
                count += older.Lines.Count;
                if (kept != null && (keptChars += Chars(older)) <= _keepBudgetChars)
                {
                    kept.Push(older);
                }
                else
                {
                    kept = null;
                }
            }

            var skip = maxLines.HasValue ? Math.Max(0, count - maxLines.Value) : 0;
            var pages = kept ?? (IEnumerable<LogPage>)new[] { oldest };
            foreach (var page in pages)
            {
                var skipped = Math.Min(skip, page.Lines.Count);
                skip -= skipped;
                var lines = Lines(cursor, page, skipped);
                cursor.Position = page.EndLine;
                if (lines.Length > 0)
                {
                    yield return lines;
                }
            }

            // Onwards to the current end: the rest of a file walked back by positions only, or what was written since.
            if (!ReferenceEquals(oldest, newest))
            {
                await foreach (var lines in ReadForwardAsync(cursor, cancellationToken).ConfigureAwait(false))
                {
                    yield return lines;
                }
            }
        }

        /// <summary>Lines after the cursor up to the current end of the file.</summary>
        public async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadForwardAsync(Cursor cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (true)
            {
                var page = await ReadPageAsync(cursor.File, cursor.Position, PageSize, LogOrder.Desc, cancellationToken).ConfigureAwait(false);
                if (page.Lines.Count == 0)
                {
                    yield break;
                }

                var lines = Lines(cursor, page, 0);
                cursor.Position = page.EndLine;
                yield return lines;
                if (!page.More)
                {
                    yield break;
                }
            }
        }

        /// <summary>The whole file or its last <paramref name="tail"/> lines of each wanted file, file by file (worker 0 first).</summary>
        public async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadFilesAsync(Func<int, bool> wanted, int? tail, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var file in await _source.GetLogNamesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!wanted(LogFiles.WorkerOf(file)))
                {
                    continue;
                }

                await foreach (var lines in ReadRecentAsync(new Cursor(file, null), tail, cancellationToken).ConfigureAwait(false))
                {
                    yield return lines;
                }
            }
        }

        /// <summary>
        /// The last <paramref name="tail"/> lines (all when null) of every wanted file, then new lines as they come,
        /// polling the job between empty reads; ends when the job is terminal and a read after that is empty.
        /// Files that appear later (workers starting) are read from their beginning.
        /// </summary>
        public async IAsyncEnumerable<IReadOnlyList<LogLine>> FollowAsync(Func<int, bool> wanted, int? tail, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                    foreach (var file in await _source.GetLogNamesAsync(cancellationToken).ConfigureAwait(false))
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
                    var pages = cursor.Position == null
                        ? ReadRecentAsync(cursor, cursor.InitialTail, cancellationToken)
                        : ReadForwardAsync(cursor, cancellationToken);
                    await foreach (var lines in pages.ConfigureAwait(false))
                    {
                        idle = false;
                        yield return lines;
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

                terminal = (await _source.GetJobAsync(cancellationToken).ConfigureAwait(false)).StatusCode.IsTerminal();
                if (!terminal)
                {
                    await _delay(_pollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<LogPage> ReadPageAsync(string log, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken)
        {
            _garbage.CollectIfDue();
            var page = await _source.ReadPageAsync(log, baseLine, lines, order, cancellationToken).ConfigureAwait(false);
            _garbage.Count(Chars(page));
            return page;
        }

        private static long Chars(LogPage page)
        {
            long chars = 0;
            foreach (var line in page.Lines)
            {
                chars += line.Length + 1;
            }

            return chars;
        }

        /// <summary>A page's lines after the first <paramref name="skip"/>, as the reader gives them out.</summary>
        private LogLine[] Lines(Cursor cursor, LogPage page, int skip)
        {
            var texts = page.Lines;
            var lines = new LogLine[texts.Count - skip];
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i] = new LogLine(_source.JobId, _source.VersionId, cursor.Worker, cursor.File, page.EndLine, texts[skip + i]);
            }

            return lines;
        }

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
