using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Logs;
using ModelArts.Core.Models;

namespace ModelArts.Core
{
    /// <summary>Training logs: v1 file names and raw aom-log pages (contract §5), and line streams of either API.</summary>
    public sealed partial class ModelArtsClient
    {
        /// <summary>Lines of <see cref="LogReadMode.Tail"/> when no count is given (the service's own default).</summary>
        public const int DefaultTailLines = 50;

        /// <summary>One log file per worker, e.g. <c>job-my-job.0</c>.</summary>
        public async Task<IReadOnlyList<string>> GetLogFileNamesAsync(long jobId, long versionId, CancellationToken cancellationToken = default)
        {
            var uri = await V1Async(VersionPath(jobId, versionId) + "/log/file-names", cancellationToken).ConfigureAwait(false);
            var list = await SendV1Async<WireLogFiles>(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            return (list.LogFileList ?? new List<string>()).OrderBy(LogFiles.WorkerOf).ThenBy(f => f, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// One aom-log page: <paramref name="baseLine"/> null = the last lines; else Desc = lines after it, Asc = lines before it.
        /// </summary>
        public async Task<LogChunk> ReadLogChunkAsync(
            long jobId, long versionId, string logFile, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrEmpty(logFile))
            {
                throw new ArgumentException("No log file given.", nameof(logFile));
            }

            if (lines < 0 || lines > LogReader.PageSize)
            {
                throw new ArgumentOutOfRangeException(nameof(lines), lines, "0 to " + LogReader.PageSize + " lines per read.");
            }

            var uri = await V1Async(
                VersionPath(jobId, versionId) + "/aom-log",
                cancellationToken,
                Url.Query("log_file", logFile),
                Url.Query("base_line", string.IsNullOrEmpty(baseLine) ? null : baseLine),
                Url.Query("lines", lines),
                Url.Query("order", order == LogOrder.Asc ? "asc" : "desc")).ConfigureAwait(false);
            return Mapping.ToLogChunk(await SendV1Async<WireLogChunk>(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false));
        }

        /// <summary>
        /// Every wanted worker's log of a job (on v1 of a version), by the session's training API, oldest line first: Whole,
        /// Tail (the last <paramref name="tail"/> lines of each log, default 50) log by log (worker 0 first), or Follow (the
        /// last <paramref name="tail"/> lines, or all when null, then new lines as they come, from workers that start late
        /// too, until the job ends and its log is drained). <paramref name="versionId"/> (v1 only) null means the latest
        /// version. A follow looks the job up as patiently as it reads, so that one started during an outage rides it out.
        /// <paramref name="workers"/> null means all.
        /// </summary>
        public IAsyncEnumerable<LogLine> ReadJobLogAsync(
            string jobId, long? versionId, LogReadMode mode, int? tail, IReadOnlyCollection<int>? workers, CancellationToken cancellationToken = default) =>
            LinesOf(ReadJobLogPagesAsync(jobId, versionId, mode, tail, workers, cancellationToken));

        /// <summary>
        /// The lines of <see cref="ReadJobLogAsync(string, long?, LogReadMode, int?, IReadOnlyCollection{int}?, CancellationToken)"/>
        /// a page at a time as the service answered them (never an empty one), for a caller whose cost per element
        /// outweighs a line's (a cmdlet's diagnostics scope).
        /// </summary>
        public IAsyncEnumerable<IReadOnlyList<LogLine>> ReadJobLogPagesAsync(
            string jobId, long? versionId, LogReadMode mode, int? tail, IReadOnlyCollection<int>? workers, CancellationToken cancellationToken = default)
        {
            var source = _api.LogSource(jobId, versionId);
            if (mode == LogReadMode.Follow)
            {
                source = new PatientLogSource(source, _delay, _logPollInterval);
            }

            return ReadJobLogPagesAsync(source, mode, tail, workers, cancellationToken);
        }

        /// <summary>Every worker's log; see the overload with workers.</summary>
        public IAsyncEnumerable<LogLine> ReadJobLogAsync(
            string jobId, long? versionId, LogReadMode mode, int? tail = null, CancellationToken cancellationToken = default) =>
            ReadJobLogAsync(jobId, versionId, mode, tail, null, cancellationToken);

        private async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadJobLogPagesAsync(
            ILogSource source, LogReadMode mode, int? tail, IReadOnlyCollection<int>? workers, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (workers != null)
            {
                CheckWorkers(await source.GetJobAsync(cancellationToken).ConfigureAwait(false), workers);
            }

            Func<int, bool> wanted = workers == null ? _ => true : workers.Contains;
            var reader = new LogReader(source, _delay, _logPollInterval);
            var pages = mode == LogReadMode.Follow
                ? reader.FollowAsync(wanted, tail, cancellationToken)
                : reader.ReadFilesAsync(wanted, mode == LogReadMode.Tail ? tail ?? DefaultTailLines : (int?)null, cancellationToken);
            await foreach (var lines in pages.ConfigureAwait(false))
            {
                yield return lines;
            }
        }

        private static async IAsyncEnumerable<LogLine> LinesOf(IAsyncEnumerable<IReadOnlyList<LogLine>> pages)
        {
            await foreach (var lines in pages.ConfigureAwait(false))
            {
                foreach (var line in lines)
                {
                    yield return line;
                }
            }
        }

        /// <summary>A worker the job does not have would read nothing and look like an empty log.</summary>
        private static void CheckWorkers(TrainingJob job, IReadOnlyCollection<int> workers)
        {
            var count = Math.Max(job.WorkerCount, 1);
            var missing = workers.Where(w => w < 0 || w >= count).Select(w => (int?)w).FirstOrDefault();
            if (missing != null)
            {
                throw new ModelArtsValidationException(
                    ValidationErrorIds.WorkerOutOfRange,
                    "Training job '" + job.Name + "' (" + job.JobId + ") has " + count + (count == 1 ? " worker" : " workers") + ", numbered 0 to " + (count - 1)
                    + "; there is no worker " + missing + ".",
                    "Worker",
                    missing);
            }
        }
    }
}
