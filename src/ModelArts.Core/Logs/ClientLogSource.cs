using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Models;

namespace ModelArts.Core.Logs
{
    /// <summary>The service's own answers, each call with the pipeline's retries.</summary>
    internal sealed class ClientLogSource : ILogSource
    {
        private readonly ModelArtsClient _client;

        public ClientLogSource(ModelArtsClient client)
        {
            _client = client;
        }

        public Task<TrainingJob> GetVersionAsync(long jobId, long? versionId, CancellationToken cancellationToken) =>
            _client.GetTrainingJobAsync(jobId, versionId, cancellationToken);

        public Task<IReadOnlyList<string>> GetFileNamesAsync(long jobId, long versionId, CancellationToken cancellationToken) =>
            _client.GetLogFileNamesAsync(jobId, versionId, cancellationToken);

        public Task<LogChunk> ReadChunkAsync(
            long jobId, long versionId, string logFile, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken) =>
            _client.ReadLogChunkAsync(jobId, versionId, logFile, baseLine, lines, order, cancellationToken);
    }
}
