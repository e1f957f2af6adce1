using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

namespace ModelArts.Core
{
    /// <summary>Training jobs and their versions.</summary>
    public sealed partial class ModelArtsClient
    {
        private const int MaxPageSize = 1000;

        /// <summary>
        /// Creates a job. Never duplicates one: when an attempt's answer is lost (connection, timeout, 5xx), the job
        /// is looked up by name before anything is sent again, and returned when it is provably this call's (created
        /// since the call began, with this config); a job of that name that is not stays "name exists".
        /// </summary>
        public Task<TrainingJob> CreateTrainingJobAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var began = _clock();
            return CreateV1TrainingJobAsync(request, token => FindCreatedJobAsync(request, began, token), cancellationToken);
        }

        /// <summary>The v1 create; <paramref name="probe"/> decides, when its answer is lost, whether the job was made.</summary>
        internal async Task<TrainingJob> CreateV1TrainingJobAsync(CreateTrainingJobRequest request, Func<CancellationToken, Task<TrainingJob?>> probe, CancellationToken cancellationToken)
        {
            TrainingJobNames.EnsureValid(request.JobName);
            TrainingJobDescriptions.EnsureValid(request.JobDescription);
            var post = new ApiRequest(HttpMethod.Post, await V1Async("training-jobs", cancellationToken).ConfigureAwait(false), ModelArtsJson.SerializeToUtf8Bytes(request));
            return await _pipeline.SendProbedAsync(
                post,
                response => Mapping.ToTrainingJob(ReadV1<WireCreated>(response), request.JobName, request.JobDescription, request.Config),
                probe,
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Adds a version (config.pre_version_id required). Only re-sent after a 429: a lost answer is reported, not repeated.</summary>
        public async Task<TrainingJob> CreateTrainingJobVersionAsync(long jobId, CreateTrainingJobVersionRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.Config.PreVersionId == null)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.MissingPreVersionId, "A new version needs the version it derives from (config.pre_version_id).", "VersionId");
            }

            var uri = await V1Async(JobPath(jobId) + "/versions", cancellationToken).ConfigureAwait(false);
            var created = await SendV1Async<WireCreated>(new ApiRequest(HttpMethod.Post, uri, ModelArtsJson.SerializeToUtf8Bytes(request)), cancellationToken).ConfigureAwait(false);
            return Mapping.ToTrainingJob(created, null, request.JobDescription, request.Config);
        }

        /// <summary>Every job matching the query in the session's API, page by page as the caller consumes them.</summary>
        public IAsyncEnumerable<TrainingJobSummary> ListTrainingJobsAsync(TrainingJobQuery? query = null, CancellationToken cancellationToken = default) =>
            _api.ListAsync(query ?? new TrainingJobQuery(), cancellationToken);

        internal async IAsyncEnumerable<TrainingJobSummary> ListV1TrainingJobsAsync(TrainingJobQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pageSize = Math.Max(1, Math.Min(MaxPageSize, query.PageSize));
            var seen = 0;
            for (var page = 1; ; page++)
            {
                var uri = await V1Async(
                    "training-jobs",
                    cancellationToken,
                    Url.Query("status", query.Status.HasValue ? (int?)query.Status.Value : null),
                    Url.Query("per_page", pageSize),
                    Url.Query("page", page),
                    Url.Query("sortBy", query.SortBy),
                    Url.Query("order", query.Order),
                    Url.Query("search_content", query.SearchContent)).ConfigureAwait(false);
                var list = await SendV1Async<WireJobList>(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
                var rows = list.Jobs ?? new List<WireJobRow>();
                foreach (var row in rows)
                {
                    yield return Mapping.ToSummary(row);
                }

                seen += rows.Count;
                if (rows.Count < pageSize || (list.JobTotalCount.HasValue && seen >= list.JobTotalCount.Value))
                {
                    yield break;
                }
            }
        }

        /// <summary>One version; without <paramref name="versionId"/>, the latest.</summary>
        public async Task<TrainingJob> GetTrainingJobAsync(long jobId, long? versionId = null, CancellationToken cancellationToken = default)
        {
            if (versionId == null)
            {
                var versions = await GetTrainingJobVersionsAsync(jobId, cancellationToken).ConfigureAwait(false);
                return versions.OrderByDescending(v => v.VersionId).FirstOrDefault()
                    ?? throw new ModelArtsException(ModelArtsErrorKind.NotFound, "Training job " + jobId + " has no versions.");
            }

            var uri = await V1Async(VersionPath(jobId, versionId.Value), cancellationToken).ConfigureAwait(false);
            return Mapping.ToTrainingJob(await SendV1Async<WireVersion>(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false));
        }

        public async Task<IReadOnlyList<TrainingJob>> GetTrainingJobVersionsAsync(long jobId, CancellationToken cancellationToken = default)
        {
            // Without "page" the service returns every version (page 0 = no paging).
            var uri = await V1Async(JobPath(jobId) + "/versions", cancellationToken).ConfigureAwait(false);
            var list = await SendV1Async<WireVersionList>(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            return (list.Versions ?? new List<WireVersion>()).Select(v => Mapping.ToTrainingJob(v, list)).ToList();
        }

        /// <summary>Stops a running version. Stopping twice does no harm, so a lost answer is simply retried.</summary>
        public async Task StopTrainingJobAsync(long jobId, long versionId, CancellationToken cancellationToken = default)
        {
            var uri = await V1Async(VersionPath(jobId, versionId) + "/stop", cancellationToken).ConfigureAwait(false);
            await SendV1Async<WireEnvelope>(new ApiRequest(HttpMethod.Post, uri) { Idempotent = true }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Deletes a job with all its versions.</summary>
        public Task DeleteTrainingJobAsync(long jobId, CancellationToken cancellationToken = default) =>
            DeleteAsync(JobPath(jobId), cancellationToken);

        public Task DeleteTrainingJobVersionAsync(long jobId, long versionId, CancellationToken cancellationToken = default) =>
            DeleteAsync(VersionPath(jobId, versionId), cancellationToken);

        public async Task UpdateTrainingJobDescriptionAsync(long jobId, string description, CancellationToken cancellationToken = default)
        {
            if (description == null)
            {
                throw new ArgumentNullException(nameof(description));
            }

            TrainingJobDescriptions.EnsureValid(description);

            var uri = await V1Async(JobPath(jobId), cancellationToken).ConfigureAwait(false);
            var body = ModelArtsJson.SerializeToUtf8Bytes(new Dictionary<string, string> { ["job_desc"] = description });
            await SendV1Async<WireEnvelope>(new ApiRequest(HttpMethod.Put, uri, body), cancellationToken).ConfigureAwait(false);
        }

        private static string JobPath(long jobId) => "training-jobs/" + jobId.ToString(CultureInfo.InvariantCulture);

        private static string VersionPath(long jobId, long versionId) =>
            JobPath(jobId) + "/versions/" + versionId.ToString(CultureInfo.InvariantCulture);

        private async Task DeleteAsync(string path, CancellationToken cancellationToken)
        {
            var uri = await V1Async(path, cancellationToken).ConfigureAwait(false);
            var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Delete, uri) { NotFoundAfterRetryMeansDone = true }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != 404 && response.Body.Length > 0)
            {
                ReadV1<WireEnvelope>(response);
            }
        }

        /// <summary>
        /// The job <paramref name="request"/> made, as full detail: the one of that exact name (search_content matches
        /// substrings) when <see cref="CreatedJobMatch"/> proves it this call's; null when there is none. A job of that
        /// name that is not this call's is a ResourceExists failure: the name is taken.
        /// </summary>
        private async Task<TrainingJob?> FindCreatedJobAsync(CreateTrainingJobRequest request, DateTimeOffset began, CancellationToken cancellationToken)
        {
            var name = request.JobName;
            var query = new TrainingJobQuery { SearchContent = name };
            await foreach (var row in ListTrainingJobsAsync(query, cancellationToken).ConfigureAwait(false))
            {
                if (!string.Equals(row.Name, name, StringComparison.Ordinal))
                {
                    continue;
                }

                // A v2 row's VersionId is 0, which the v2 API reads as no version.
                var job = await GetTrainingJobAsync(row.JobId, row.VersionId, cancellationToken).ConfigureAwait(false);
                var mismatch = CreatedJobMatch.Mismatch(job, request, began);
                if (mismatch != null)
                {
                    throw new ModelArtsException(
                        ModelArtsErrorKind.ResourceExists,
                        "A training job named '" + name + "' exists (id " + row.JobId + ") and is not the one this call sent ("
                        + mismatch + "); this call's own create was refused or lost.");
                }

                Diagnostics.Verbose("Job '" + name + "' exists (id " + row.JobId + "): the create whose answer was lost went through; not sending it again.");
                return job;
            }

            Diagnostics.Verbose("Job '" + name + "' does not exist: the create whose answer was lost did not go through.");
            return null;
        }
    }
}
