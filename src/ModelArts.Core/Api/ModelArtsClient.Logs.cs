using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Http;
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
            return (list.LogFileList ?? new List<string>()).OrderBy(LogReader.WorkerOf).ThenBy(f => f, StringComparer.Ordinal).ToList();
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
        /// The lines of one log file, oldest first: Whole, Tail (last <paramref name="tail"/>, default 50), or
        /// Follow (last <paramref name="tail"/>, or all when null, then new lines until the job ends).
        /// </summary>
        public IAsyncEnumerable<LogLine> ReadLogAsync(
            long jobId, long versionId, string logFile, LogReadMode mode, int? tail = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrEmpty(logFile))
            {
                throw new ArgumentException("No log file given.", nameof(logFile));
            }

            var reader = LogReaderFor(jobId, versionId);
            switch (mode)
            {
                case LogReadMode.Follow:
                    IReadOnlyList<string> single = new[] { logFile };
                    return reader.FollowAsync(_ => Task.FromResult(single), tail, cancellationToken);
                case LogReadMode.Tail:
                    return reader.ReadRecentAsync(new LogReader.Cursor(logFile, null), tail ?? DefaultTailLines, cancellationToken);
                default:
                    return reader.ReadRecentAsync(new LogReader.Cursor(logFile, null), null, cancellationToken);
            }
        }

        /// <summary>
        /// The lines of every worker's log: file by file (worker 0 first) for Whole and Tail; interleaved as they
        /// come for Follow, which also picks up workers that start late and ends with the job.
        /// </summary>
        /// <summary>
        /// Every worker's log of a version; <paramref name="versionId"/> null means the latest version, which a follow
        /// looks up as patiently as it reads, so that a follow started during an outage still rides it out.
        /// </summary>
        public async IAsyncEnumerable<LogLine> ReadJobLogAsync(
            long jobId, long? versionId, LogReadMode mode, int? tail = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var version = versionId ?? (mode == LogReadMode.Follow
                ? await LogReader.Patiently(t => GetTrainingJobAsync(jobId, null, t), _delay, _logPollInterval, cancellationToken).ConfigureAwait(false)
                : await GetTrainingJobAsync(jobId, null, cancellationToken).ConfigureAwait(false)).VersionId;
            var reader = LogReaderFor(jobId, version);
            var lines = mode == LogReadMode.Follow
                ? reader.FollowAsync(token => GetLogFileNamesAsync(jobId, version, token), tail, cancellationToken)
                : ReadFilesAsync(jobId, version, mode == LogReadMode.Tail ? tail ?? DefaultTailLines : (int?)null, reader, cancellationToken);
            await foreach (var line in lines.ConfigureAwait(false))
            {
                yield return line;
            }
        }

        private async IAsyncEnumerable<LogLine> ReadFilesAsync(
            long jobId, long versionId, int? tail, LogReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var file in await GetLogFileNamesAsync(jobId, versionId, cancellationToken).ConfigureAwait(false))
            {
                await foreach (var line in reader.ReadRecentAsync(new LogReader.Cursor(file, null), tail, cancellationToken).ConfigureAwait(false))
                {
                    yield return line;
                }
            }
        }

        private LogReader LogReaderFor(long jobId, long versionId) =>
            new LogReader(
                jobId,
                versionId,
                (file, baseLine, lines, order, token) => ReadLogChunkAsync(jobId, versionId, file, baseLine, lines, order, token),
                async token => (await GetTrainingJobAsync(jobId, versionId, token).ConfigureAwait(false)).Status,
                _delay,
                _logPollInterval);
    }
}
