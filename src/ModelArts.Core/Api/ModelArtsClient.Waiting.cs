using System;
using System.Collections.Generic;
using System.Threading;
using ModelArts.Core.Models;
using ModelArts.Core.Waiting;

namespace ModelArts.Core
{
    /// <summary>Waiting for training jobs to end.</summary>
    public sealed partial class ModelArtsClient
    {
        /// <summary>
        /// Polls the jobs (a version each; null = the latest) until each has ended, failed to be read for good, or
        /// <paramref name="timeout"/> (null = none) has passed, and reports every step as it happens: a stream, so the
        /// caller shows progress and final jobs on its own thread while the wait goes on. An outage of the service is
        /// ridden out for minutes (the same budget as a log follow) before a job counts as failed.
        /// </summary>
        public IAsyncEnumerable<TrainingJobWaitUpdate> WaitForTrainingJobsAsync(
            IReadOnlyList<(string JobId, long? VersionId)> jobs, TimeSpan? timeout, CancellationToken cancellationToken = default)
        {
            if (jobs == null)
            {
                throw new ArgumentNullException(nameof(jobs));
            }

            return new TrainingJobWaiter((id, version, token) => GetTrainingJobAsync(id, version, token), _clock, _delay).WaitAsync(jobs, timeout, cancellationToken);
        }
    }
}
