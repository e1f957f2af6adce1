using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Logs;
using ModelArts.Core.Models;

namespace ModelArts.Core.Training
{
    /// <summary>
    /// The job calls of one training API (<see cref="V1TrainingApi"/>, <see cref="V2TrainingApi"/>), picked once when
    /// the client is built, so that the client's public calls never ask which API the session speaks. A job id is a
    /// string (a v2 UUID, or a v1 number as text). What the API lacks is refused here, before anything is sent, with
    /// <see cref="Errors.ValidationErrorIds.NotInTrainingApi"/> (<see cref="TrainingApiRefusals"/>).
    /// </summary>
    internal interface ITrainingApi
    {
        /// <summary>Checks an Estimator spec against this API's catalogs and builds its exact create request.</summary>
        Task<PreparedTrainingJob> PrepareAsync(EstimatorSpec spec, CancellationToken cancellationToken);

        /// <summary>
        /// Sends the create once; when its answer is lost, <paramref name="probe"/> looks for the job by name before
        /// anything is sent again (the job when it is provably this call's, else null).
        /// </summary>
        Task<TrainingJob> CreateAsync(PreparedTrainingJob job, Func<CancellationToken, Task<TrainingJob?>> probe, CancellationToken cancellationToken);

        /// <summary>A job; on v1 one version (<paramref name="versionId"/>, else the latest); v2 has no versions.</summary>
        Task<TrainingJob> GetAsync(string jobId, long? versionId, CancellationToken cancellationToken);

        /// <summary>Every job matching the query, page by page as the caller consumes them.</summary>
        IAsyncEnumerable<TrainingJobSummary> ListAsync(TrainingJobQuery query, CancellationToken cancellationToken);

        /// <summary>Stops (v2: terminates) a job; on v1 a version, the latest when <paramref name="versionId"/> is null.</summary>
        Task StopAsync(string jobId, long? versionId, CancellationToken cancellationToken);

        Task DeleteAsync(string jobId, CancellationToken cancellationToken);

        Task UpdateDescriptionAsync(string jobId, string description, CancellationToken cancellationToken);

        /// <summary>The training flavors as the service lists them now (the client caches them).</summary>
        Task<IReadOnlyList<Flavor>> LoadFlavorsAsync(CancellationToken cancellationToken);

        /// <summary>The training engines as the service lists them now (the client caches them).</summary>
        Task<IReadOnlyList<Engine>> LoadEnginesAsync(CancellationToken cancellationToken);

        /// <summary>A job's events, oldest first; <paramref name="level"/> Info, Warning or Error.</summary>
        IAsyncEnumerable<TrainingJobEvent> GetEventsAsync(string jobId, string? level, DateTimeOffset? after, DateTimeOffset? before, CancellationToken cancellationToken);

        /// <summary>The resource series of a job's tasks (<paramref name="tasks"/>, else all).</summary>
        Task<IReadOnlyList<TrainingJobMetric>> GetMetricsAsync(string jobId, IReadOnlyCollection<string>? tasks, CancellationToken cancellationToken);

        /// <summary>A job's logs (on v1 of one version, the latest when <paramref name="versionId"/> is null), one per worker.</summary>
        ILogSource LogSource(string jobId, long? versionId);

        /// <summary>Fails when <paramref name="what"/> works on v1 only (e.g. versions) and this API is not v1.</summary>
        void EnsureV1(string what);
    }
}
