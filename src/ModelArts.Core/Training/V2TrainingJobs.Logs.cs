using System;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Logs;
using ModelArts.Core.Models;

namespace ModelArts.Core.Training
{
    /// <summary>The v2 log APIs of one task (reference §4): the line-paged log, the preview, the log URL and ranges of it.</summary>
    internal sealed partial class V2TrainingJobs
    {
        /// <summary>
        /// One page of Huawei Cloud's line-paged log (positions as contract §5); empty while the log is not ready (204).
        /// Null when the service has no such API (OTC answers the unknown path 404 <c>APIG.0101</c>).
        /// </summary>
        public async Task<LogPage?> ReadLogPageAsync(string jobId, string task, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken)
        {
            var uri = Url.Combine(
                await _uri(JobPath(jobId) + "/logs", cancellationToken).ConfigureAwait(false),
                Uri.EscapeDataString(task),
                Url.Query("base_line", string.IsNullOrEmpty(baseLine) ? null : baseLine),
                Url.Query("lines", lines),
                Url.Query("order", order == LogOrder.Asc ? "asc" : "desc"));
            ApiResponse response;
            try
            {
                response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            }
            catch (ModelArtsException e) when (e.StatusCode == 404 && string.Equals(e.ErrorCode, "APIG.0101", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (response.StatusCode == 204)
            {
                return LogPage.Empty(baseLine);
            }

            var page = response.Read<WireLogPage>();
            return LogPage.OfAomPage(page.StartLine, page.EndLine, page.Lines, page.Content, lines);
        }

        /// <summary>The end of a task's log (at most 5 MB on the real service) and the log's size; null while it is not ready (204).</summary>
        public async Task<LogPreview?> PreviewLogAsync(string jobId, string task, CancellationToken cancellationToken)
        {
            ChunkedBody? body = null;
            var request = new ApiRequest(HttpMethod.Get, await TaskLogUri(jobId, task, "preview", cancellationToken).ConfigureAwait(false))
            {
                ResponseTarget = () => body = new ChunkedBody(),
            };
            var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 204 || body == null)
            {
                return null;
            }

            return response.Parse(() => LogPreview.FromJson(body.Sequence));
        }

        /// <summary>The task's temporary (5 minute) pre-signed log URL; null while the log is not ready (204).</summary>
        public async Task<Uri?> GetLogUrlAsync(string jobId, string task, CancellationToken cancellationToken)
        {
            var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, await TaskLogUri(jobId, task, "url", cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 204)
            {
                return null;
            }

            var url = response.Read<WireLogUrl>().ObsUrl;
            return Uri.TryCreate(url, UriKind.Absolute, out var parsed)
                ? parsed
                : throw new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "The service gave no usable log URL for task " + task + ".", response.StatusCode, null, response.RequestId, "GET", response.Uri);
        }

        /// <summary>
        /// The whole lines of <paramref name="count"/> bytes of a log from <paramref name="offset"/>, by a Range request to
        /// its pre-signed URL (its query is its credential: not signed again, never shown), decoded as the answer
        /// arrives (<see cref="LogLineSplitter"/>).
        /// </summary>
        public async Task<LogLineSplitter> ReadLogRangeAsync(Uri url, long offset, long count, bool skipFirstLine, int maxLines, CancellationToken cancellationToken)
        {
            LogLineSplitter? lines = null;
            var request = new ApiRequest(HttpMethod.Get, url) { PreSigned = true, ResponseTarget = () => lines = new LogLineSplitter(count, skipFirstLine, maxLines) };
            request.Headers["Range"] = "bytes=" + offset.ToString(CultureInfo.InvariantCulture) + "-" + (offset + count - 1).ToString(CultureInfo.InvariantCulture);
            var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 206 || offset == 0)
            {
                return lines ?? new LogLineSplitter(count, skipFirstLine, maxLines);
            }

            // A server that ignores Range sends the whole object from its start: the wanted bytes are in it all the
            // same, so it is read once more, whole, and cut.
            var whole = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, url) { PreSigned = true }, cancellationToken).ConfigureAwait(false);
            var part = new LogLineSplitter(count, skipFirstLine, maxLines);
            var start = (int)Math.Min(offset, whole.Body.Length);
            part.Write(whole.Body, start, (int)Math.Min(count, whole.Body.Length - start));
            part.Dispose();
            return part;
        }

        private async Task<Uri> TaskLogUri(string jobId, string task, string what, CancellationToken cancellationToken) =>
            await _uri(JobPath(jobId) + "/tasks/" + Uri.EscapeDataString(task) + "/logs/" + what, cancellationToken).ConfigureAwait(false);
    }
}
