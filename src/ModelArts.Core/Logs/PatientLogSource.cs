using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// A follow runs as long as the job: every call of the inner source, of either API, is repeated through an outage
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

        public string JobId => _inner.JobId;

        public long VersionId => _inner.VersionId;

        public string? Start => _inner.Start;

        public Task<TrainingJob> GetJobAsync(CancellationToken cancellationToken) =>
            Outages.RideOutAsync(_inner.GetJobAsync, _delay, _pause, What, cancellationToken);

        public Task<IReadOnlyList<string>> GetLogNamesAsync(CancellationToken cancellationToken) =>
            Outages.RideOutAsync(_inner.GetLogNamesAsync, _delay, _pause, What, cancellationToken);

        public Task<LogPage> ReadPageAsync(string log, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken) =>
            Outages.RideOutAsync(t => _inner.ReadPageAsync(log, baseLine, lines, order, t), _delay, _pause, What, cancellationToken);
    }
}
