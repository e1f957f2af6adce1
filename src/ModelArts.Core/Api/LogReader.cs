using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

namespace ModelArts.Core.Api
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

        /// <summary>Consecutive failed reads (each after the pipeline's own retries) before a follow gives up: minutes of outage.</summary>
        internal const int MaxFollowFailures = 30;

        private readonly long _jobId;
        private readonly long _versionId;
        private readonly Func<string, string?, int, LogOrder, CancellationToken, Task<LogChunk>> _readChunk;
        private readonly Func<CancellationToken, Task<JobStatus>> _jobStatus;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly TimeSpan _pollInterval;
        private readonly int _keepBudgetChars;

        public LogReader(
            long jobId,
            long versionId,
            Func<string, string?, int, LogOrder, CancellationToken, Task<LogChunk>> readChunk,
            Func<CancellationToken, Task<JobStatus>> jobStatus,
            Func<TimeSpan, CancellationToken, Task> delay,
            TimeSpan pollInterval,
            int keepBudgetChars = KeepBudgetChars)
        {
            _keepBudgetChars = keepBudgetChars;
            _jobId = jobId;
            _versionId = versionId;
            _readChunk = readChunk;
            _jobStatus = jobStatus;
            _delay = delay;
            _pollInterval = pollInterval;
        }

        /// <summary>The whole file (<paramref name="maxLines"/> null) or its last lines, oldest first.</summary>
        public async IAsyncEnumerable<LogLine> ReadRecentAsync(Cursor cursor, int? maxLines, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // At least one line, so that even "last 0 lines" learns where the file ends.
            var first = maxLines.HasValue ? Math.Max(1, Math.Min(maxLines.Value, PageSize)) : PageSize;
            var newest = await _readChunk(cursor.File, null, first, LogOrder.Desc, cancellationToken).ConfigureAwait(false);
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
                var older = await _readChunk(cursor.File, oldest.StartLine, PageSize, LogOrder.Asc, cancellationToken).ConfigureAwait(false);
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
                var chunk = await _readChunk(cursor.File, cursor.Position, PageSize, LogOrder.Desc, cancellationToken).ConfigureAwait(false);
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

        /// <summary>
        /// The last <paramref name="tail"/> lines (all when null) of every file, then new lines as they come,
        /// polling the job between empty reads; ends when the job is terminal and a read after that is empty.
        /// Files that appear later (workers starting) are read from their beginning.
        /// </summary>
        public IAsyncEnumerable<LogLine> FollowAsync(
            Func<CancellationToken, Task<IReadOnlyList<string>>> listFiles, int? tail, CancellationToken cancellationToken)
        {
            // A follow runs as long as the job; an outage longer than one call's retries must not end it. Every read
            // is repeated until it succeeds, and cursors move only after a read succeeded: no line is lost or repeated.
            var patient = new LogReader(
                _jobId,
                _versionId,
                (file, baseLine, lines, order, token) => Patiently(t => _readChunk(file, baseLine, lines, order, t), _delay, _pollInterval, token),
                token => Patiently(_jobStatus, _delay, _pollInterval, token),
                _delay,
                _pollInterval);
            return patient.FollowPatientlyAsync(token => Patiently(listFiles, _delay, _pollInterval, token), tail, cancellationToken);
        }

        private async IAsyncEnumerable<LogLine> FollowPatientlyAsync(
            Func<CancellationToken, Task<IReadOnlyList<string>>> listFiles, int? tail, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                    foreach (var file in await listFiles(cancellationToken).ConfigureAwait(false))
                    {
                        if (known.Add(file))
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

                terminal = (await _jobStatus(cancellationToken).ConfigureAwait(false)).IsTerminal();
                if (!terminal)
                {
                    await _delay(_pollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Runs a read again after a transient failure (the pipeline's retries spent), a poll interval later, a bounded number of times.</summary>
        internal static async Task<T> Patiently<T>(
            Func<CancellationToken, Task<T>> read, Func<TimeSpan, CancellationToken, Task> delay, TimeSpan pollInterval, CancellationToken cancellationToken)
        {
            for (var failures = 1; ; failures++)
            {
                try
                {
                    return await read(cancellationToken).ConfigureAwait(false);
                }
                catch (ModelArtsException e) when (RetryPolicy.IsTransient(e) && failures < MaxFollowFailures && !cancellationToken.IsCancellationRequested)
                {
                    Diagnostics.Verbose("Following the log: " + e.Message + " Trying again (" + failures + " of " + MaxFollowFailures + ").");
                }

                await delay(pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Worker index from the <c>.N</c> suffix of <c>job-name.N</c>; 0 when there is none.</summary>
        public static int WorkerOf(string logFile)
        {
            var dot = logFile.LastIndexOf('.');
            return dot >= 0 && int.TryParse(logFile.Substring(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var worker) ? worker : 0;
        }

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
                Worker = WorkerOf(file);
                InitialTail = initialTail;
            }

            public string File { get; }

            public int Worker { get; }

            public int? InitialTail { get; set; }

            public string? Position { get; set; }
        }
    }
}
