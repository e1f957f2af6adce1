using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;
using ModelArts.Core.Training;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// A v2 task log where the service has no line-paged log (OTC), in pages of whole lines whose positions are byte
    /// offsets: the preview gives the end of the log (at most 5 MB), and what it no longer holds comes from the
    /// pre-signed log URL by Range requests of at most <see cref="RangeBytes"/>, so memory stays flat and each line is
    /// read once. A preview need not start at a line, so its first line is always taken from the URL instead.
    /// </summary>
    internal sealed class V2PreviewLog
    {
        /// <summary>The offset of a log's first line.</summary>
        public const string Start = "0";

        /// <summary>
        /// Bytes per Range request, some 1,000 typical lines: below the 85,000 bytes that put an array on the large-object
        /// heap, so each answer is collected young and a long read keeps memory flat (1 MiB ranges let the process grow
        /// by their garbage until a full collection). A longer line doubles it until the line fits.
        /// </summary>
        public const int RangeBytes = 64 * 1024;

        private readonly V2TrainingJobs _api;
        private readonly string _jobId;
        private readonly Dictionary<string, TaskLog> _tasks = new Dictionary<string, TaskLog>(StringComparer.Ordinal);

        public V2PreviewLog(V2TrainingJobs api, string jobId)
        {
            _api = api;
            _jobId = jobId;
        }

        public Task<LogPage> ReadPageAsync(string task, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken)
        {
            if (!_tasks.TryGetValue(task, out var log))
            {
                _tasks[task] = log = new TaskLog(task);
            }

            if (baseLine == null)
            {
                return LastAsync(log, lines, cancellationToken);
            }

            var position = long.TryParse(baseLine, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : throw new ArgumentException("'" + baseLine + "' is no position of a v2 preview log.", nameof(baseLine));
            return order == LogOrder.Desc ? AfterAsync(log, position, cancellationToken) : BeforeAsync(log, position, cancellationToken);
        }

        /// <summary>The last <paramref name="lines"/> lines the preview holds; older ones are read before its start.</summary>
        private async Task<LogPage> LastAsync(TaskLog log, int lines, CancellationToken cancellationToken)
        {
            log.Pending = null;
            var preview = await _api.PreviewLogAsync(_jobId, log.Task, cancellationToken).ConfigureAwait(false);
            if (preview == null)
            {
                return LogPage.Empty(null);
            }

            var content = preview.Content;
            var first = FirstLineStart(preview);
            var end = LineEnd(content, first, content.Length);
            var from = end;
            for (var count = 0; count < lines && from > first; count++)
            {
                // The line that ends at `from` starts after the line end before it, or at the first whole line.
                var previousEnd = from - 1 > first ? Array.LastIndexOf(content, (byte)'\n', from - 2, from - 1 - first) : -1;
                from = previousEnd >= 0 ? previousEnd + 1 : first;
            }

            var start = preview.WindowStart + from;
            return new LogPage(Lines(content, from, end), Text(start), Text(preview.WindowStart + end), start > 0);
        }

        /// <summary>Lines after <paramref name="position"/>: from the URL while the preview does not reach back to it, then from the preview.</summary>
        private async Task<LogPage> AfterAsync(TaskLog log, long position, CancellationToken cancellationToken)
        {
            if (position < log.Behind)
            {
                return await RangeAfterAsync(log, position, log.Behind, cancellationToken).ConfigureAwait(false);
            }

            // The preview that showed how far behind the reader was, used once its window is reached.
            var preview = log.Pending ?? await _api.PreviewLogAsync(_jobId, log.Task, cancellationToken).ConfigureAwait(false);
            log.Pending = null;
            if (preview == null)
            {
                return LogPage.Empty(Text(position));
            }

            var usable = preview.WindowStart + FirstLineStart(preview);
            if (position < usable)
            {
                log.Behind = usable;
                log.Pending = preview;
                return await RangeAfterAsync(log, position, usable, cancellationToken).ConfigureAwait(false);
            }

            var content = preview.Content;
            var from = (int)Math.Min(position - preview.WindowStart, content.Length);
            var end = LineEnd(content, from, content.Length);
            return new LogPage(Lines(content, from, end), Text(position), Text(preview.WindowStart + end), false);
        }

        /// <summary>The whole lines from <paramref name="position"/> on, before <paramref name="limit"/> (a line start the preview showed).</summary>
        private async Task<LogPage> RangeAfterAsync(TaskLog log, long position, long limit, CancellationToken cancellationToken)
        {
            var count = Math.Min(RangeBytes, limit - position);
            while (true)
            {
                var bytes = await RangeAsync(log, position, count, cancellationToken).ConfigureAwait(false);
                var end = LineEnd(bytes, 0, bytes.Length);
                // No whole line yet: a line longer than the range, unless the URL's object ends there.
                if (end > 0 || bytes.Length < count || count == limit - position)
                {
                    return new LogPage(Lines(bytes, 0, end), Text(position), Text(position + end), end > 0);
                }

                count = Math.Min(count * 2, limit - position);
            }
        }

        /// <summary>The whole lines of up to <see cref="RangeBytes"/> before <paramref name="position"/> (a line start).</summary>
        private async Task<LogPage> BeforeAsync(TaskLog log, long position, CancellationToken cancellationToken)
        {
            if (position <= 0)
            {
                return LogPage.Empty(Text(0));
            }

            var count = Math.Min(RangeBytes, position);
            while (true)
            {
                var start = position - count;
                var bytes = await RangeAsync(log, start, count, cancellationToken).ConfigureAwait(false);
                // The first bytes may be the end of an earlier line; that line belongs to the page before.
                var first = start == 0 ? 0 : Array.IndexOf(bytes, (byte)'\n') + 1;
                if (first > 0 || start == 0)
                {
                    var end = LineEnd(bytes, first, bytes.Length);
                    return new LogPage(Lines(bytes, first, end), Text(start + first), Text(start + end), start + first > 0);
                }

                count = Math.Min(count * 2, position);
            }
        }

        private async Task<byte[]> RangeAsync(TaskLog log, long offset, long count, CancellationToken cancellationToken)
        {
            if (log.Url != null)
            {
                try
                {
                    return await _api.ReadLogRangeAsync(log.Url, offset, count, cancellationToken).ConfigureAwait(false);
                }
                catch (ModelArtsException e) when (e.Kind == ModelArtsErrorKind.PermissionDenied)
                {
                    // A log URL lasts 5 minutes (and the local service's end with a restart): a refused one is replaced once.
                    Diagnostics.Verbose("The log URL of task " + log.Task + " was refused (" + e.ServiceMessage + "); asking for a new one.");
                }
            }

            log.Url = await _api.GetLogUrlAsync(_jobId, log.Task, cancellationToken).ConfigureAwait(false)
                ?? throw new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "The service showed lines of task " + log.Task + " in its log preview but has no log URL for them (HTTP 204).");
            return await _api.ReadLogRangeAsync(log.Url, offset, count, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Where the preview's first whole line starts: at once when the preview is the whole log, else after its first line end.</summary>
        private static int FirstLineStart(LogPreview preview)
        {
            if (preview.WindowStart <= 0)
            {
                return 0;
            }

            var firstEnd = Array.IndexOf(preview.Content, (byte)'\n');
            return firstEnd >= 0 ? firstEnd + 1 : preview.Content.Length;
        }

        /// <summary>The end of the last whole line in [from, to): the index after its line end, or <paramref name="from"/>.</summary>
        private static int LineEnd(byte[] bytes, int from, int to) =>
            to <= from ? from : Math.Max(from, Array.LastIndexOf(bytes, (byte)'\n', to - 1, to - from) + 1);

        private static List<string> Lines(byte[] bytes, int from, int end)
        {
            var lines = new List<string>();
            while (from < end)
            {
                var newline = Array.IndexOf(bytes, (byte)'\n', from, end - from);
                var length = newline - from;
                if (length > 0 && bytes[newline - 1] == '\r')
                {
                    length--;
                }

                lines.Add(Encoding.UTF8.GetString(bytes, from, length));
                from = newline + 1;
            }

            return lines;
        }

        private static string Text(long position) => position.ToString(CultureInfo.InvariantCulture);

        /// <summary>What is known of one task's log: its URL, and while catching up, the preview that showed how far behind.</summary>
        private sealed class TaskLog
        {
            public TaskLog(string task)
            {
                Task = task;
            }

            public string Task { get; }

            public Uri? Url { get; set; }

            /// <summary>Bytes before this offset are no longer in the preview.</summary>
            public long Behind { get; set; }

            public LogPreview? Pending { get; set; }
        }
    }
}
