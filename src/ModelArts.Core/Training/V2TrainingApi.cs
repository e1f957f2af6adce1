using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Logs;
using ModelArts.Core.Models;

namespace ModelArts.Core.Training
{
    /// <summary>
    /// The v2 training API (<c>/v2/{project_id}</c>), whose calls are <see cref="V2TrainingJobs"/>: no versions (a v1
    /// version given is refused), events and metrics per task.
    /// </summary>
    internal sealed class V2TrainingApi : ITrainingApi
    {
        private readonly ModelArtsClient _client;
        private readonly V2TrainingJobs _jobs;

        /// <param name="client">Whose endpoint, project and cached catalogs the calls use.</param>
        public V2TrainingApi(ModelArtsClient client, HttpPipeline pipeline)
        {
            _client = client;
            _jobs = new V2TrainingJobs(pipeline, AddressAsync);
        }

        public async Task<PreparedTrainingJob> PrepareAsync(EstimatorSpec spec, CancellationToken cancellationToken)
        {
            var prepared = EstimatorResolver.Prepare(spec);
            var flavorList = _client.GetFlavorsAsync(cancellationToken);
            var engineList = _client.GetEnginesAsync(cancellationToken);
            var request = EstimatorResolver.Complete(prepared, spec, await flavorList.ConfigureAwait(false), await engineList.ConfigureAwait(false), out var engine);
            var body = V2TrainingJobs.CreateBody(spec, request, engine);
            var preview = new RequestPreview("POST", Address(_client.ProjectId ?? "{project_id}", "training-jobs"), Encoding.UTF8.GetString(body));
            return new PreparedTrainingJob(request.JobName, preview, request, body);
        }

        public Task<TrainingJob> CreateAsync(PreparedTrainingJob job, Func<CancellationToken, Task<TrainingJob?>> probe, CancellationToken cancellationToken) =>
            _jobs.CreateAsync(
                job.V2Body ?? throw new ArgumentException("This job was prepared by a session of the v1 training API.", nameof(job)),
                job.Name,
                probe,
                cancellationToken);

        public Task<TrainingJob> GetAsync(string jobId, long? versionId, CancellationToken cancellationToken)
        {
            RefuseVersion(versionId);
            return _jobs.GetAsync(jobId, cancellationToken);
        }

        public IAsyncEnumerable<TrainingJobSummary> ListAsync(TrainingJobQuery query, CancellationToken cancellationToken) =>
            _jobs.SearchAsync(query, cancellationToken);

        public async Task StopAsync(string jobId, long? versionId, CancellationToken cancellationToken)
        {
            RefuseVersion(versionId);
            await _jobs.StopAsync(jobId, cancellationToken).ConfigureAwait(false);
        }

        public Task DeleteAsync(string jobId, CancellationToken cancellationToken) => _jobs.DeleteAsync(jobId, cancellationToken);

        public Task UpdateDescriptionAsync(string jobId, string description, CancellationToken cancellationToken)
        {
            TrainingJobDescriptions.EnsureValid(description ?? throw new ArgumentNullException(nameof(description)));
            return _jobs.UpdateDescriptionAsync(jobId, description, cancellationToken);
        }

        public Task<IReadOnlyList<Flavor>> LoadFlavorsAsync(CancellationToken cancellationToken) => _jobs.GetFlavorsAsync(cancellationToken);

        public Task<IReadOnlyList<Engine>> LoadEnginesAsync(CancellationToken cancellationToken) => _jobs.GetEnginesAsync(cancellationToken);

        public IAsyncEnumerable<TrainingJobEvent> GetEventsAsync(string jobId, string? level, DateTimeOffset? after, DateTimeOffset? before, CancellationToken cancellationToken) =>
            _jobs.GetEventsAsync(jobId, level, after, before, cancellationToken);

        /// <summary>A task the job does not have is an UnknownTask error naming the ones it has, before any series is read.</summary>
        public async Task<IReadOnlyList<TrainingJobMetric>> GetMetricsAsync(string jobId, IReadOnlyCollection<string>? tasks, CancellationToken cancellationToken)
        {
            var job = await _jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
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
                result.AddRange(await _jobs.GetMetricsAsync(jobId, task, cancellationToken).ConfigureAwait(false));
            }

            return result;
        }

        public ILogSource LogSource(string jobId, long? versionId)
        {
            RefuseVersion(versionId);
            return new V2LogSource(_jobs, jobId);
        }

        public void EnsureV1(string what) => throw TrainingApiRefusals.OnlyOnV1(what);

        /// <summary>A piped v2 job carries VersionId 0, "none" (as v1 answers write it too).</summary>
        private static void RefuseVersion(long? versionId)
        {
            if (versionId.HasValue && versionId.Value != 0)
            {
                throw TrainingApiRefusals.OnlyOnV1("VersionId");
            }
        }

        private Uri Address(string projectId, string path) =>
            Url.Combine(_client.Endpoint, "v2/" + Uri.EscapeDataString(projectId) + "/" + path);

        private async Task<Uri> AddressAsync(string path, CancellationToken cancellationToken) =>
            Address(await _client.EnsureProjectIdAsync(cancellationToken).ConfigureAwait(false), path);
    }
}
