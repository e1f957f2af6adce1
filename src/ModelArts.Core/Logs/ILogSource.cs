using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Models;

namespace ModelArts.Core.Logs
{
    /// <summary>What reading a training log needs from the service: the version, its log files and their pages.</summary>
    internal interface ILogSource
    {
        /// <summary>One version; null means the latest.</summary>
        Task<TrainingJob> GetVersionAsync(long jobId, long? versionId, CancellationToken cancellationToken);

        Task<IReadOnlyList<string>> GetFileNamesAsync(long jobId, long versionId, CancellationToken cancellationToken);

        Task<LogChunk> ReadChunkAsync(long jobId, long versionId, string logFile, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken);
    }
}
