using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;
using ModelArts.Core.Training;

namespace ModelArts.Core
{
    /// <summary>Job calls by the session's training API (<see cref="ITrainingApi"/>): a job id is a string (a v2 UUID, or a v1 number as text).</summary>
    public sealed partial class ModelArtsClient
    {
        private readonly ITrainingApi _api;

        public TrainingApi TrainingApi { get; }

        /// <summary>Checks an Estimator spec against the session API's catalogs and builds its exact create request.</summary>
        public Task<PreparedTrainingJob> PrepareTrainingJobAsync(EstimatorSpec spec, CancellationToken cancellationToken = default) =>
            _api.PrepareAsync(spec ?? throw new ArgumentNullException(nameof(spec)), cancellationToken);

        /// <summary>Creates the job; a lost answer is probed by name as <see cref="CreateTrainingJobAsync(CreateTrainingJobRequest, CancellationToken)"/> does.</summary>
        public Task<TrainingJob> CreateTrainingJobAsync(PreparedTrainingJob job, CancellationToken cancellationToken = default)
        {
            if (job == null)
            {
                throw new ArgumentNullException(nameof(job));
            }

            var began = _clock();
            return _api.CreateAsync(job, token => FindCreatedJobAsync(job.Request, began, token), cancellationToken);
        }

        /// <summary>A job; on v1 one version (<paramref name="versionId"/>, else the latest); v2 has no versions.</summary>
        public Task<TrainingJob> GetTrainingJobAsync(string jobId, long? versionId = null, CancellationToken cancellationToken = default) =>
            _api.GetAsync(jobId, versionId, cancellationToken);

        /// <summary>Stops (v2: terminates) a job; on v1 a version, the latest when <paramref name="versionId"/> is null.</summary>
        public Task StopTrainingJobAsync(string jobId, long? versionId = null, CancellationToken cancellationToken = default) =>
            _api.StopAsync(jobId, versionId, cancellationToken);

        public Task DeleteTrainingJobAsync(string jobId, CancellationToken cancellationToken = default) =>
            _api.DeleteAsync(jobId, cancellationToken);

        public Task UpdateTrainingJobDescriptionAsync(string jobId, string description, CancellationToken cancellationToken = default) =>
            _api.UpdateDescriptionAsync(jobId, description, cancellationToken);

        /// <summary>A v2 job's events, oldest first; <paramref name="level"/> Info, Warning or Error.</summary>
        public IAsyncEnumerable<TrainingJobEvent> GetTrainingJobEventsAsync(
            string jobId, string? level = null, DateTimeOffset? after = null, DateTimeOffset? before = null, CancellationToken cancellationToken = default) =>
            _api.GetEventsAsync(jobId, level, after, before, cancellationToken);

        /// <summary>
        /// The cpu, memory and accelerator series of a v2 job's tasks (<paramref name="tasks"/>, else all); a task the job
        /// does not have is an UnknownTask error naming the ones it has, before any series is read.
        /// </summary>
        public Task<IReadOnlyList<TrainingJobMetric>> GetTrainingJobMetricsAsync(
            string jobId, IReadOnlyCollection<string>? tasks = null, CancellationToken cancellationToken = default) =>
            _api.GetMetricsAsync(jobId, tasks, cancellationToken);

        /// <summary>Fails, before anything is sent, when the session speaks v2 and <paramref name="what"/> works on v1 only (e.g. versions).</summary>
        public void EnsureV1(string what) => _api.EnsureV1(what);

        /// <summary>A v1 job id given as text: its number, or an InvalidJobId error naming it.</summary>
        public static long V1JobId(string jobId) =>
            long.TryParse(jobId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new ModelArtsValidationException(ValidationErrorIds.InvalidJobId, "'" + jobId + "' is no v1 training job id (a positive number); a v2 job needs a session connected with -TrainingApi V2. To pick a job by its name, use -Name '" + jobId + "'.", "JobId", jobId);
    }
}
