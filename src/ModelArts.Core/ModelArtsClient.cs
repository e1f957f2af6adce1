using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Core.Models;

namespace ModelArts.Core
{
    public sealed partial class ModelArtsClient : IDisposable
    {
        public ModelArtsClient(ModelArtsClientOptions options)
        {
            Endpoint = options.Endpoint;
            Credentials = options.Credentials;
            ProjectId = options.ProjectId;
        }

        public Uri Endpoint { get; }

        public ModelArtsCredentials Credentials { get; }

        public string? ProjectId { get; private set; }

        public Task<string> EnsureProjectIdAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task VerifyAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<IReadOnlyList<Flavor>> GetFlavorsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<IReadOnlyList<Engine>> GetEnginesAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<CreateTrainingJobRequest> ResolveAsync(EstimatorSpec spec, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<TrainingJob> CreateTrainingJobAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<TrainingJob> CreateTrainingJobVersionAsync(long jobId, CreateTrainingJobVersionRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public IAsyncEnumerable<TrainingJobSummary> ListTrainingJobsAsync(TrainingJobQuery? query = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<TrainingJob> GetTrainingJobAsync(long jobId, long? versionId = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<IReadOnlyList<TrainingJob>> GetTrainingJobVersionsAsync(long jobId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task StopTrainingJobAsync(long jobId, long versionId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task DeleteTrainingJobAsync(long jobId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task DeleteTrainingJobVersionAsync(long jobId, long versionId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task UpdateTrainingJobDescriptionAsync(long jobId, string description, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<IReadOnlyList<string>> GetLogFileNamesAsync(long jobId, long versionId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<LogChunk> ReadLogChunkAsync(long jobId, long versionId, string logFile, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public IAsyncEnumerable<LogLine> ReadLogAsync(long jobId, long versionId, string logFile, LogReadMode mode, int? tail = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public RequestPreview PreviewCreateTrainingJob(CreateTrainingJobRequest request) => throw new NotImplementedException();

        public void Dispose()
        {
        }
    }
}
