using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

namespace ModelArts.Core.Training
{
    /// <summary>
    /// The v2 training API (<c>/v2/{project_id}</c>): jobs, their search and the v2 catalogs. The wire records are
    /// private to it (V2TrainingJobs.Wire.cs) and mapped to the public models in one place (V2TrainingJobs.Mapping.cs).
    /// </summary>
    internal sealed partial class V2TrainingJobs
    {
        private const int SearchLimit = 50;
        private const int EventPage = 100;

        private readonly HttpPipeline _pipeline;
        private readonly Func<string, CancellationToken, Task<Uri>> _uri;

        /// <param name="uri">A path under <c>/v2/{project_id}/</c> to its address (the project looked up when needed).</param>
        public V2TrainingJobs(HttpPipeline pipeline, Func<string, CancellationToken, Task<Uri>> uri)
        {
            _pipeline = pipeline;
            _uri = uri;
        }

        /// <summary>The exact create body of a resolved spec (<paramref name="request"/> holds its checked, normalised v1 form).</summary>
        public static byte[] CreateBody(EstimatorSpec spec, CreateTrainingJobRequest request, Engine? engine)
        {
            TrainingJobEnvironment.EnsureValid(spec.Environment);
            return ModelArtsJson.SerializeToUtf8Bytes(ToWire(spec, request, engine));
        }

        public async Task<TrainingJob> CreateAsync(byte[] body, string name, Func<CancellationToken, Task<TrainingJob?>> probe, CancellationToken cancellationToken)
        {
            var post = new ApiRequest(HttpMethod.Post, await _uri("training-jobs", cancellationToken).ConfigureAwait(false), body);
            Diagnostics.Verbose("Creating v2 training job '" + name + "'.");
            return await _pipeline.SendProbedAsync(post, response => ToTrainingJob(response.Read<WireJob>()), probe, cancellationToken).ConfigureAwait(false);
        }

        public async Task<TrainingJob> GetAsync(string jobId, CancellationToken cancellationToken)
        {
            var uri = await _uri(JobPath(jobId), cancellationToken).ConfigureAwait(false);
            var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            return ToTrainingJob(response.Read<WireJob>());
        }

        /// <summary>
        /// Every job matching the query, newest first, each exactly once: the service may read <c>offset</c> as a page
        /// index (the docs) or as a row offset (real code), so the first full page that overlaps what came before shows
        /// which, and from then on the offset advances by pages or by rows accordingly.
        /// </summary>
        public async IAsyncEnumerable<TrainingJobSummary> SearchAsync(TrainingJobQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var uri = await _uri("training-job-searches", cancellationToken).ConfigureAwait(false);
            var limit = Math.Max(1, Math.Min(SearchLimit, query.PageSize));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool? rowOffsets = null;
            long offset = 0;
            while (true)
            {
                var body = ModelArtsJson.SerializeToUtf8Bytes(new WireSearch
                {
                    Offset = offset,
                    Limit = limit,
                    SortBy = "create_time",
                    Order = "desc",
                    Filters = Filters(query),
                });
                var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Post, uri, body) { Idempotent = true }, cancellationToken).ConfigureAwait(false);
                var page = response.Read<WireSearchResult>();
                var items = page.Items ?? new List<WireJob>();
                var fresh = 0;
                foreach (var item in items)
                {
                    var id = item.Metadata?.Id;
                    if (id != null && seen.Add(id))
                    {
                        fresh++;
                        yield return ToSummary(item);
                    }
                }

                if (items.Count < limit || (page.Total.HasValue && seen.Count >= page.Total.Value))
                {
                    yield break;
                }

                if (rowOffsets == null && offset > 0)
                {
                    // Offset 1 as a page index skips `limit` rows; as a row offset it skips one and repeats limit-1.
                    rowOffsets = fresh < items.Count;
                }
                else if (fresh == 0)
                {
                    // A full page of nothing new: the list changed under the search; what is listed is each job once.
                    yield break;
                }

                offset = rowOffsets == true ? seen.Count : offset + 1;
            }
        }

        public async Task StopAsync(string jobId, CancellationToken cancellationToken)
        {
            var uri = await _uri(JobPath(jobId) + "/actions", cancellationToken).ConfigureAwait(false);
            var body = ModelArtsJson.SerializeToUtf8Bytes(new WireAction { ActionType = "terminate" });
            await _pipeline.SendAsync(new ApiRequest(HttpMethod.Post, uri, body) { Idempotent = true }, cancellationToken).ConfigureAwait(false);
        }

        public async Task DeleteAsync(string jobId, CancellationToken cancellationToken)
        {
            var uri = await _uri(JobPath(jobId), cancellationToken).ConfigureAwait(false);
            await _pipeline.SendAsync(new ApiRequest(HttpMethod.Delete, uri) { NotFoundAfterRetryMeansDone = true }, cancellationToken).ConfigureAwait(false);
        }

        public async Task UpdateDescriptionAsync(string jobId, string description, CancellationToken cancellationToken)
        {
            var uri = await _uri(JobPath(jobId), cancellationToken).ConfigureAwait(false);
            var body = ModelArtsJson.SerializeToUtf8Bytes(new WireDescription { Description = description });
            await _pipeline.SendAsync(new ApiRequest(HttpMethod.Put, uri, body), cancellationToken).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<Flavor>> GetFlavorsAsync(CancellationToken cancellationToken)
        {
            var uri = await _uri("training-job-flavors", cancellationToken).ConfigureAwait(false);
            var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            return response.Parse(() => WireFlavorList.Read(response.Body)).Flavors.Select(ToFlavor).ToList();
        }

        public async Task<IReadOnlyList<Engine>> GetEnginesAsync(CancellationToken cancellationToken)
        {
            var uri = await _uri("training-job-engines", cancellationToken).ConfigureAwait(false);
            var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            return (response.Read<WireEngineList>().Items ?? new List<WireEngine>()).Select(ToEngine).ToList();
        }

        /// <summary>The job's events, oldest first, all pages; <paramref name="level"/> (Info, Warning, Error) filters on the service, the time window here.</summary>
        public async IAsyncEnumerable<TrainingJobEvent> GetEventsAsync(
            string jobId, string? level, DateTimeOffset? after, DateTimeOffset? before, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var offset = 0; ; offset += EventPage)
            {
                var uri = Url.Combine(
                    await _uri(JobPath(jobId), cancellationToken).ConfigureAwait(false),
                    "events",
                    Url.Query("offset", offset),
                    Url.Query("limit", EventPage),
                    Url.Query("order", "asc"),
                    Url.Query("level", level));
                var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
                var events = response.StatusCode == 204 ? new List<WireEvent>() : response.Read<WireEventList>().Events ?? new List<WireEvent>();
                // The time window is applied here: the docs do not say which time format start_time and end_time take.
                foreach (var item in events.Select(e => ToEvent(jobId, e)))
                {
                    if ((after == null || item.Time >= after) && (before == null || item.Time <= before))
                    {
                        yield return item;
                    }
                }

                if (events.Count < EventPage)
                {
                    yield break;
                }
            }
        }

        /// <summary>The resource series of one task; empty while the job has not started (204, "not ready").</summary>
        public async Task<IReadOnlyList<TrainingJobMetric>> GetMetricsAsync(string jobId, string task, CancellationToken cancellationToken)
        {
            var uri = await _uri(JobPath(jobId) + "/metrics/" + Uri.EscapeDataString(task), cancellationToken).ConfigureAwait(false);
            var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 204)
            {
                return Array.Empty<TrainingJobMetric>();
            }

            return (response.Read<WireMetricList>().Metrics ?? new List<WireMetric>()).Select(m => ToMetric(jobId, task, m)).ToList();
        }

        /// <summary>Ids come from users and pipelines: escaped, so an id can never reach another path.</summary>
        public static string JobPath(string jobId) => "training-jobs/" + Uri.EscapeDataString(jobId);

        private static List<WireFilter>? Filters(TrainingJobQuery query)
        {
            var filters = new List<WireFilter>();
            if (!string.IsNullOrEmpty(query.SearchContent))
            {
                filters.Add(new WireFilter { Key = "name", Operator = "like", Value = new List<string> { query.SearchContent! } });
            }

            if (query.Status.HasValue)
            {
                filters.Add(new WireFilter { Key = "phase", Operator = "in", Value = new List<string> { query.Status.Value.Phase() } });
            }

            return filters.Count == 0 ? null : filters;
        }
    }
}
