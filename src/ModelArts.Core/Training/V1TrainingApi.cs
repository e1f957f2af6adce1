using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Logs;
using ModelArts.Core.Models;

namespace ModelArts.Core.Training
{
    /// <summary>
    /// The v1 training API (<c>/v1/{project_id}</c>, OTC's old jobs): its calls are the client's public v1 ones
    /// (Api/ModelArtsClient.*.cs, by numeric id, with versions), reached here by string id. v1 has no events or metrics.
    /// </summary>
    internal sealed class V1TrainingApi : ITrainingApi
    {
        private readonly ModelArtsClient _client;

        public V1TrainingApi(ModelArtsClient client)
        {
            _client = client;
        }

        public async Task<PreparedTrainingJob> PrepareAsync(EstimatorSpec spec, CancellationToken cancellationToken)
        {
            RefuseV2Only(spec.Environment != null && spec.Environment.Count > 0, "Environment");
            RefuseV2Only(!string.IsNullOrEmpty(spec.PoolId), "PoolId");
            RefuseV2Only(!string.IsNullOrEmpty(spec.WorkspaceId), "WorkspaceId");
            var request = await _client.ResolveAsync(spec, cancellationToken).ConfigureAwait(false);
            return new PreparedTrainingJob(request.JobName, _client.PreviewCreateTrainingJob(request), request, null);
        }

        public Task<TrainingJob> CreateAsync(PreparedTrainingJob job, Func<CancellationToken, Task<TrainingJob?>> probe, CancellationToken cancellationToken)
        {
            if (job.V2Body != null)
            {
                throw new ArgumentException("This job was prepared by a session of the v2 training API.", nameof(job));
            }

            return _client.CreateV1TrainingJobAsync(job.Request, probe, cancellationToken);
        }

        public Task<TrainingJob> GetAsync(string jobId, long? versionId, CancellationToken cancellationToken) =>
            _client.GetTrainingJobAsync(ModelArtsClient.V1JobId(jobId), versionId, cancellationToken);

        public IAsyncEnumerable<TrainingJobSummary> ListAsync(TrainingJobQuery query, CancellationToken cancellationToken) =>
            _client.ListV1TrainingJobsAsync(query, cancellationToken);

        public async Task StopAsync(string jobId, long? versionId, CancellationToken cancellationToken)
        {
            var id = ModelArtsClient.V1JobId(jobId);
            var version = versionId ?? (await _client.GetTrainingJobAsync(id, null, cancellationToken).ConfigureAwait(false)).VersionId;
            await _client.StopTrainingJobAsync(id, version, cancellationToken).ConfigureAwait(false);
        }

        public Task DeleteAsync(string jobId, CancellationToken cancellationToken) =>
            _client.DeleteTrainingJobAsync(ModelArtsClient.V1JobId(jobId), cancellationToken);

        public Task UpdateDescriptionAsync(string jobId, string description, CancellationToken cancellationToken) =>
            _client.UpdateTrainingJobDescriptionAsync(ModelArtsClient.V1JobId(jobId), description, cancellationToken);

        public Task<IReadOnlyList<Flavor>> LoadFlavorsAsync(CancellationToken cancellationToken) => _client.LoadV1FlavorsAsync(cancellationToken);

        public Task<IReadOnlyList<Engine>> LoadEnginesAsync(CancellationToken cancellationToken) => _client.LoadV1EnginesAsync(cancellationToken);

        public IAsyncEnumerable<TrainingJobEvent> GetEventsAsync(string jobId, string? level, DateTimeOffset? after, DateTimeOffset? before, CancellationToken cancellationToken) =>
            throw TrainingApiRefusals.OnlyOnV2("Events");

        public Task<IReadOnlyList<TrainingJobMetric>> GetMetricsAsync(string jobId, IReadOnlyCollection<string>? tasks, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<TrainingJobMetric>>(TrainingApiRefusals.OnlyOnV2("Metrics"));

        public ILogSource LogSource(string jobId, long? versionId) => new V1LogSource(_client, ModelArtsClient.V1JobId(jobId), versionId);

        public void EnsureV1(string what)
        {
        }

        private static void RefuseV2Only(bool used, string what)
        {
            if (used)
            {
                throw TrainingApiRefusals.OnlyOnV2(what);
            }
        }
    }
}
