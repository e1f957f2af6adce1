using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Models;

namespace ModelArts.Core.Logs
{
    /// <summary>A v1 job version's logs: its log files and their aom-log pages (contract §5), each call with the pipeline's retries.</summary>
    internal sealed class V1LogSource : ILogSource
    {
        private readonly ModelArtsClient _client;
        private readonly long _jobId;
        private long? _versionId;

        /// <param name="versionId">The version to read; null = the latest, pinned by the first answer, so a version made during a follow does not switch logs.</param>
        public V1LogSource(ModelArtsClient client, long jobId, long? versionId)
        {
            _client = client;
            _jobId = jobId;
            _versionId = versionId;
        }

        public string JobId => _jobId.ToString(CultureInfo.InvariantCulture);

        public long VersionId => _versionId ?? 0;

        public string? Start => null;

        public async Task<TrainingJob> GetJobAsync(CancellationToken cancellationToken)
        {
            var job = await _client.GetTrainingJobAsync(_jobId, _versionId, cancellationToken).ConfigureAwait(false);
            _versionId = job.VersionId;
            return job;
        }

        public async Task<IReadOnlyList<string>> GetLogNamesAsync(CancellationToken cancellationToken) =>
            await _client.GetLogFileNamesAsync(_jobId, await VersionAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        public async Task<LogPage> ReadPageAsync(string log, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken)
        {
            var chunk = await _client.ReadLogChunkAsync(_jobId, await VersionAsync(cancellationToken).ConfigureAwait(false), log, baseLine, lines, order, cancellationToken).ConfigureAwait(false);
            return LogPage.OfAomPage(chunk.StartLine, chunk.EndLine, chunk.Lines, chunk.Content, lines);
        }

        private async Task<long> VersionAsync(CancellationToken cancellationToken) =>
            _versionId ?? (await GetJobAsync(cancellationToken).ConfigureAwait(false)).VersionId;
    }
}
