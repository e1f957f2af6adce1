using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// A follow runs as long as the job: every call of the inner source is repeated through an outage
    /// (<see cref="Outages"/>). Readers move their cursors only after a call succeeded, so no line is lost or repeated.
    /// </summary>
    internal sealed class PatientLogSource : ILogSource
    {
        private const string What = "Following the log";

        private readonly ILogSource _inner;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly TimeSpan _pause;

        public PatientLogSource(ILogSource inner, Func<TimeSpan, CancellationToken, Task> delay, TimeSpan pause)
        {
            _inner = inner;
            _delay = delay;
            _pause = pause;
        }

        public Task<TrainingJob> GetVersionAsync(long jobId, long? versionId, CancellationToken cancellationToken) =>
            Outages.RideOutAsync(t => _inner.GetVersionAsync(jobId, versionId, t), _delay, _pause, What, cancellationToken);

        public Task<IReadOnlyList<string>> GetFileNamesAsync(long jobId, long versionId, CancellationToken cancellationToken) =>
            Outages.RideOutAsync(t => _inner.GetFileNamesAsync(jobId, versionId, t), _delay, _pause, What, cancellationToken);

        public Task<LogChunk> ReadChunkAsync(
            long jobId, long versionId, string logFile, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken) =>
            Outages.RideOutAsync(t => _inner.ReadChunkAsync(jobId, versionId, logFile, baseLine, lines, order, t), _delay, _pause, What, cancellationToken);
    }
}
