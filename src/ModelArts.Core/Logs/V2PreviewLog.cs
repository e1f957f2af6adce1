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
        /// Bytes per Range request, some 8,000 typical lines (<see cref="LogLineSplitter.PageLines"/> at most). The answer
        /// is decoded as it arrives (<see cref="LogLineSplitter"/>), so the size costs no array of its own. A longer line
        /// doubles it until the line fits.
        /// </summary>
        public const int RangeBytes = 512 * 1024;

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
            var end = LineEnd(content, first, preview.Length);
            var from = end;
            for (var count = 0; count < lines && from > first; count++)
            {
                // The line that ends at `from` starts after the line end before it, or at the first whole line.
                var previousEnd = from - 1 > first ? Array.LastIndexOf(content, (byte)'\n', from - 2, from - 1 - first) : -1;
                from = previousEnd >= 0 ? previousEnd + 1 : first;
            }

            var start = preview.WindowStart + from;
            return new LogPage(Split(content, from, end, int.MaxValue).Lines, Text(start), Text(preview.WindowStart + end), start > 0);
        }

        /// <summary>Lines after <paramref name="position"/>: from the URL while the preview does not reach back to it, then from the preview.</summary>
        private async Task<LogPage> AfterAsync(TaskLog log, long position, CancellationToken cancellationToken)
        {
            if (position < log.Behind)
            {
                return await RangeAfterAsync(log, position, log.Behind, cancellationToken).ConfigureAwait(false);
            }

            // The preview that showed how far behind the reader was, used once its window is reached, or the one whose
            // window is being read.
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
            var from = (int)Math.Min(position - preview.WindowStart, preview.Length);
            var end = LineEnd(content, from, preview.Length);
            // A window of up to 5 MB comes in pages like the ranges before it, the preview kept until they are all read
            // (a line longer than a page is a page of its own).
            var page = Split(content, from, Math.Min(end, from + RangeBytes), LogLineSplitter.PageLines);
            if (page.WholeEnd == 0 && end > from)
            {
                page = Split(content, from, end, 1);
            }

            var pageEnd = from + (int)page.WholeEnd;
            if (pageEnd < end)
            {
                log.Pending = preview;
            }

            return new LogPage(page.Lines, Text(position), Text(preview.WindowStart + pageEnd), pageEnd < end);
        }

        /// <summary>The whole lines from <paramref name="position"/> on, before <paramref name="limit"/> (a line start the preview showed).</summary>
        private async Task<LogPage> RangeAfterAsync(TaskLog log, long position, long limit, CancellationToken cancellationToken)
        {
            var count = Math.Min(RangeBytes, limit - position);
            while (true)
            {
                var range = await RangeAsync(log, position, count, false, LogLineSplitter.PageLines, cancellationToken).ConfigureAwait(false);
                // No whole line yet: a line longer than the range, unless the URL's object ends there.
                if (range.WholeEnd > 0 || range.Received < count || count == limit - position)
                {
                    return new LogPage(range.Lines, Text(position), Text(position + range.WholeEnd), range.WholeEnd > 0);
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
                // The first bytes may be the end of an earlier line; that line belongs to the page before.
                // All of them: the page must reach up to the position, where the next one starts.
                var range = await RangeAsync(log, start, count, start > 0, int.MaxValue, cancellationToken).ConfigureAwait(false);
                if (range.FirstLineStart > 0 || start == 0)
                {
                    return new LogPage(range.Lines, Text(start + range.FirstLineStart), Text(start + range.WholeEnd), start + range.FirstLineStart > 0);
                }

                count = Math.Min(count * 2, position);
            }
        }

        private async Task<LogLineSplitter> RangeAsync(TaskLog log, long offset, long count, bool skipFirstLine, int maxLines, CancellationToken cancellationToken)
        {
            if (log.Url != null)
            {
                try
                {
                    return await _api.ReadLogRangeAsync(log.Url, offset, count, skipFirstLine, maxLines, cancellationToken).ConfigureAwait(false);
                }
                catch (ModelArtsException e) when (e.Kind == ModelArtsErrorKind.PermissionDenied)
                {
                    // A log URL lasts 5 minutes (and the local service's end with a restart): a refused one is replaced once.
                    Diagnostics.Verbose("The log URL of task " + log.Task + " was refused (" + e.ServiceMessage + "); asking for a new one.");
                }
            }

            log.Url = await _api.GetLogUrlAsync(_jobId, log.Task, cancellationToken).ConfigureAwait(false)
                ?? throw new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "The service showed lines of task " + log.Task + " in its log preview but has no log URL for them (HTTP 204).");
            return await _api.ReadLogRangeAsync(log.Url, offset, count, skipFirstLine, maxLines, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Where the preview's first whole line starts: at once when the preview is the whole log, else after its first line end.</summary>
        private static int FirstLineStart(LogPreview preview)
        {
            if (preview.WindowStart <= 0)
            {
                return 0;
            }

            var firstEnd = Array.IndexOf(preview.Content, (byte)'\n', 0, preview.Length);
            return firstEnd >= 0 ? firstEnd + 1 : preview.Length;
        }

        /// <summary>The end of the last whole line in [from, to): the index after its line end, or <paramref name="from"/>.</summary>
        private static int LineEnd(byte[] bytes, int from, int to) =>
            to <= from ? from : Math.Max(from, Array.LastIndexOf(bytes, (byte)'\n', to - 1, to - from) + 1);

        /// <summary>The whole lines of bytes [from, to) of a preview, as a range's would be split.</summary>
        private static LogLineSplitter Split(byte[] bytes, int from, int to, int maxLines)
        {
            using (var lines = new LogLineSplitter(to - from, false, maxLines))
            {
                lines.Write(bytes, from, to - from);
                return lines;
            }
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

            /// <summary>A preview still to be read: ahead of a reader catching up by ranges, or partly read.</summary>
            public LogPreview? Pending { get; set; }
        }
    }
}
