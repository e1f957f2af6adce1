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
    /// <summary>Training logs: file names, raw aom-log pages, and line streams (contract §5).</summary>
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
        /// Every wanted worker's log of a version, oldest line first: Whole, Tail (the last <paramref name="tail"/> lines
        /// of each file, default 50) file by file (worker 0 first), or Follow (the last <paramref name="tail"/> lines, or
        /// all when null, then new lines as they come, from workers that start late too, until the job ends).
        /// <paramref name="versionId"/> null means the latest version, which a follow looks up as patiently as it reads,
        /// so that a follow started during an outage still rides it out. <paramref name="workers"/> null means all.
        /// </summary>
        public IAsyncEnumerable<LogLine> ReadJobLogAsync(
            long jobId, long? versionId, LogReadMode mode, int? tail, IReadOnlyCollection<int>? workers, CancellationToken cancellationToken = default)
        {
            ILogSource source = new ClientLogSource(this);
            if (mode == LogReadMode.Follow)
            {
                source = new PatientLogSource(source, _delay, _logPollInterval);
            }

            return ReadJobLogAsync(source, jobId, versionId, mode, tail, workers, cancellationToken);
        }

        /// <summary>Every worker's log of a version; see the overload with workers.</summary>
        public IAsyncEnumerable<LogLine> ReadJobLogAsync(
            long jobId, long? versionId, LogReadMode mode, int? tail = null, CancellationToken cancellationToken = default) =>
            ReadJobLogAsync(jobId, versionId, mode, tail, null, cancellationToken);

        private async IAsyncEnumerable<LogLine> ReadJobLogAsync(
            ILogSource source, long jobId, long? versionId, LogReadMode mode, int? tail, IReadOnlyCollection<int>? workers, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var version = versionId;
            if (version == null || workers != null)
            {
                var job = await source.GetVersionAsync(jobId, versionId, cancellationToken).ConfigureAwait(false);
                version = job.VersionId;
                CheckWorkers(job, workers);
            }

            Func<int, bool> wanted = workers == null ? _ => true : workers.Contains;
            var reader = new LogReader(source, jobId, version.Value, _delay, _logPollInterval);
            var lines = mode == LogReadMode.Follow
                ? reader.FollowAsync(wanted, tail, cancellationToken)
                : reader.ReadFilesAsync(wanted, mode == LogReadMode.Tail ? tail ?? DefaultTailLines : (int?)null, cancellationToken);
            await foreach (var line in lines.ConfigureAwait(false))
            {
                yield return line;
            }
        }

        /// <summary>A worker the job does not have would read nothing and look like an empty log.</summary>
        private static void CheckWorkers(TrainingJob job, IReadOnlyCollection<int>? workers)
        {
            var count = Math.Max(job.WorkerCount, 1);
            var missing = workers?.Where(w => w < 0 || w >= count).Select(w => (int?)w).FirstOrDefault();
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
