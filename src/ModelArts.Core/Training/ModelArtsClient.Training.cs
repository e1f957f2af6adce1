using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;
using ModelArts.Core.Training;

namespace ModelArts.Core
{
    /// <summary>Job calls by the session's training API: a job id is a string (a v2 UUID, or a v1 number as text).</summary>
    public sealed partial class ModelArtsClient
    {
        private readonly V2TrainingJobs _v2;

        public TrainingApi TrainingApi { get; }

        /// <summary>Checks an Estimator spec against the session API's catalogs and builds its exact create request.</summary>
        public async Task<PreparedTrainingJob> PrepareTrainingJobAsync(EstimatorSpec spec, CancellationToken cancellationToken = default)
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            if (TrainingApi == TrainingApi.V1)
            {
                OnlyOnV2(spec.Environment != null && spec.Environment.Count > 0, "Environment");
                OnlyOnV2(!string.IsNullOrEmpty(spec.PoolId), "PoolId");
                OnlyOnV2(!string.IsNullOrEmpty(spec.WorkspaceId), "WorkspaceId");
                var v1 = await ResolveAsync(spec, cancellationToken).ConfigureAwait(false);
                return new PreparedTrainingJob(v1.JobName, PreviewCreateTrainingJob(v1), v1, null);
            }

            var prepared = EstimatorResolver.Prepare(spec);
            var flavorList = GetFlavorsAsync(cancellationToken);
            var engineList = GetEnginesAsync(cancellationToken);
            var request = EstimatorResolver.Complete(prepared, spec, await flavorList.ConfigureAwait(false), await engineList.ConfigureAwait(false), out var engine);
            var body = V2TrainingJobs.CreateBody(spec, request, engine);
            var preview = new RequestPreview("POST", V2(ProjectId ?? "{project_id}", "training-jobs"), Encoding.UTF8.GetString(body));
            return new PreparedTrainingJob(request.JobName, preview, request, body);
        }

        /// <summary>Creates the job; a lost answer is probed by name as <see cref="CreateTrainingJobAsync(CreateTrainingJobRequest, CancellationToken)"/> does.</summary>
        public async Task<TrainingJob> CreateTrainingJobAsync(PreparedTrainingJob job, CancellationToken cancellationToken = default)
        {
            if (job == null)
            {
                throw new ArgumentNullException(nameof(job));
            }

            if (job.V2Body == null)
            {
                return await CreateTrainingJobAsync(job.Request, cancellationToken).ConfigureAwait(false);
            }

            var began = _clock();
            return await _v2.CreateAsync(job.V2Body, job.Name, token => FindCreatedJobAsync(job.Request, began, token), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A job; on v1 one version (<paramref name="versionId"/>, else the latest); v2 has no versions.</summary>
        public Task<TrainingJob> GetTrainingJobAsync(string jobId, long? versionId = null, CancellationToken cancellationToken = default)
        {
            if (TrainingApi == TrainingApi.V1)
            {
                return GetTrainingJobAsync(V1JobId(jobId), versionId, cancellationToken);
            }

            OnlyOnV1(HasVersion(versionId), "VersionId");
            return _v2.GetAsync(jobId, cancellationToken);
        }

        /// <summary>Stops (v2: terminates) a job; on v1 a version, the latest when <paramref name="versionId"/> is null.</summary>
        public async Task StopTrainingJobAsync(string jobId, long? versionId = null, CancellationToken cancellationToken = default)
        {
            if (TrainingApi == TrainingApi.V1)
            {
                var id = V1JobId(jobId);
                var version = versionId ?? (await GetTrainingJobAsync(id, null, cancellationToken).ConfigureAwait(false)).VersionId;
                await StopTrainingJobAsync(id, version, cancellationToken).ConfigureAwait(false);
                return;
            }

            OnlyOnV1(HasVersion(versionId), "VersionId");
            await _v2.StopAsync(jobId, cancellationToken).ConfigureAwait(false);
        }

        public Task DeleteTrainingJobAsync(string jobId, CancellationToken cancellationToken = default) =>
            TrainingApi == TrainingApi.V1 ? DeleteTrainingJobAsync(V1JobId(jobId), cancellationToken) : _v2.DeleteAsync(jobId, cancellationToken);

        public Task UpdateTrainingJobDescriptionAsync(string jobId, string description, CancellationToken cancellationToken = default)
        {
            if (TrainingApi == TrainingApi.V1)
            {
                return UpdateTrainingJobDescriptionAsync(V1JobId(jobId), description, cancellationToken);
            }

            TrainingJobDescriptions.EnsureValid(description ?? throw new ArgumentNullException(nameof(description)));
            return _v2.UpdateDescriptionAsync(jobId, description, cancellationToken);
        }

        /// <summary>A v2 job's events, oldest first; <paramref name="level"/> Info, Warning or Error.</summary>
        public IAsyncEnumerable<TrainingJobEvent> GetTrainingJobEventsAsync(
            string jobId, string? level = null, DateTimeOffset? after = null, DateTimeOffset? before = null, CancellationToken cancellationToken = default)
        {
            OnlyOnV2(TrainingApi == TrainingApi.V1, "Events");
            return _v2.GetEventsAsync(jobId, level, after, before, cancellationToken);
        }

        /// <summary>
        /// The cpu, memory and accelerator series of a v2 job's tasks (<paramref name="tasks"/>, else all); a task the job
        /// does not have is an UnknownTask error naming the ones it has, before any series is read.
        /// </summary>
        public async Task<IReadOnlyList<TrainingJobMetric>> GetTrainingJobMetricsAsync(
            string jobId, IReadOnlyCollection<string>? tasks = null, CancellationToken cancellationToken = default)
        {
            OnlyOnV2(TrainingApi == TrainingApi.V1, "Metrics");
            var job = await _v2.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            var wanted = tasks == null || tasks.Count == 0 ? job.Tasks : tasks;
            foreach (var task in wanted)
            {
                if (!job.Tasks.Contains(task))
                {
                    throw new ModelArtsValidationException(
                        ValidationErrorIds.UnknownTask, "Training job " + jobId + " has no task '" + task + "'. Its tasks: " + string.Join(", ", job.Tasks) + ".", "Task", task);
                }
            }

            var result = new List<TrainingJobMetric>();
            foreach (var task in wanted)
            {
                result.AddRange(await _v2.GetMetricsAsync(jobId, task, cancellationToken).ConfigureAwait(false));
            }

            return result;
        }

        /// <summary>Fails, before anything is sent, when the session speaks v2 and <paramref name="what"/> works on v1 only (e.g. versions).</summary>
        public void EnsureV1(string what) => OnlyOnV1(TrainingApi == TrainingApi.V2, what);

        /// <summary>A v1 job id given as text: its number, or an InvalidJobId error naming it.</summary>
        public static long V1JobId(string jobId) =>
            long.TryParse(jobId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new ModelArtsValidationException(ValidationErrorIds.InvalidJobId, "'" + jobId + "' is no v1 training job id (a positive number); a v2 job needs a session connected with -TrainingApi V2. To pick a job by its name, use -Name '" + jobId + "'.", "JobId", jobId);

        /// <summary>A piped v2 job carries VersionId 0, "none" (as v1 answers write it too).</summary>
        private static bool HasVersion(long? versionId) => versionId.HasValue && versionId.Value != 0;

        private static void OnlyOnV1(bool used, string what)
        {
            if (used)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.NotInTrainingApi, what + " works only with the v1 training API; this session speaks v2 (Connect-MaSession -TrainingApi V1 for v1 jobs).", what, null);
            }
        }

        private static void OnlyOnV2(bool used, string what)
        {
            if (used)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.NotInTrainingApi, what + " works only with the v2 training API; this session speaks v1.", what, null);
            }
        }

        private Uri V2(string projectId, string path) =>
            Http.Url.Combine(Endpoint, "v2/" + Uri.EscapeDataString(projectId) + "/" + path);

        private async Task<Uri> V2Async(string path, CancellationToken cancellationToken) =>
            V2(await EnsureProjectIdAsync(cancellationToken).ConfigureAwait(false), path);
    }
}
