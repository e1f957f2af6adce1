using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelArts.Emulator.Auth;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Jobs;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Api
{
    /// <summary><c>/v1/{project_id}/training-jobs</c>: jobs, their versions, stop and delete.</summary>
    internal static class TrainingJobEndpoints
    {
        private static readonly string[] SortKeys = { "job_name", "job_desc", "status", "duration", "version_count", "create_time" };

        public static void Map(IEndpointRouteBuilder v1)
        {
            v1.MapPost("/training-jobs", CreateJob);
            v1.MapGet("/training-jobs", ListJobs);
            v1.MapGet("/training-jobs/{job_id}", GetJob);
            v1.MapPut("/training-jobs/{job_id}", UpdateJob);
            v1.MapDelete("/training-jobs/{job_id}", DeleteJob);
            v1.MapGet("/training-jobs/{job_id}/versions", ListVersions);
            v1.MapPost("/training-jobs/{job_id}/versions", CreateVersion);
            v1.MapGet("/training-jobs/{job_id}/versions/{version_id}", GetVersion);
            v1.MapDelete("/training-jobs/{job_id}/versions/{version_id}", DeleteVersion);
            v1.MapPost("/training-jobs/{job_id}/versions/{version_id}/stop", StopVersion);
        }

        private static IResult CreateJob(HttpContext context, CreateRequestReader reader, JobStore store, JobRunner runner, TimeProvider clock)
        {
            var request = reader.ReadJob(RequestBody.Of(context));
            var (job, version) = store.CreateJob(request.JobName, request.JobDescription, request.WorkspaceId, request.Config, Now(clock));
            runner.Enqueue(version.VersionId);
            return Created(job, version);
        }

        private static IResult CreateVersion(HttpContext context, string job_id, CreateRequestReader reader, JobStore store, JobRunner runner, TimeProvider clock)
        {
            var job = RequestValues.Job(store, job_id);
            var request = reader.ReadVersion(RequestBody.Of(context), pre => store.FindVersion(job.JobId, pre)?.Config);
            var version = store.CreateVersion(job.JobId, request.PreVersionId, request.Config, Now(clock))
                ?? throw ApiException.NotFound($"The training job {job_id} does not exist.");
            runner.Enqueue(version.VersionId);
            return Created(job, version);
        }

        private static IResult Created(JobRecord job, VersionRecord version) => Wire.Json(new
        {
            is_success = true,
            job_id = job.JobId,
            job_name = job.JobName,
            status = version.Status,
            create_time = version.CreateTime,
            version_id = version.VersionId,
            version_name = version.VersionName,
            resource_id = version.ResourceId,
        });

        private static IResult ListJobs(HttpContext context, JobStore store, Views views, TimeProvider clock)
        {
            var request = context.Request;
            var perPage = RequestValues.Int(request, "per_page", 10, 1, 1000);
            var page = RequestValues.Int(request, "page", 1, 1, 65535);
            var sortBy = request.Query.ContainsKey("sortBy")
                ? RequestValues.Choice(request, "sortBy", "job_name", SortKeys)
                : RequestValues.Choice(request, "sort_by", "job_name", SortKeys);
            var descending = RequestValues.Choice(request, "order", "asc", "asc", "desc") == "desc";
            var search = request.Query["search_content"].ToString();
            if (search.Length > 64)
            {
                throw ApiException.InvalidArgument("search_content must be at most 64 characters.");
            }
            var status = request.Query.ContainsKey("status") ? RequestValues.Int(request, "status", 0, 0, 22) : (int?)null;
            RequestValues.Choice(request, "workspace_id", "0", "0");

            var now = Now(clock);
            var all = store.ListJobs();
            var matching = all
                .Where(j => status == null || j.Latest.Status == status)
                .Where(j => search.Length == 0 || j.Job.JobName.Contains(search, StringComparison.OrdinalIgnoreCase));
            var ordered = Sort(matching, sortBy, descending, now).ToList();
            var caller = (Caller)context.Items[typeof(Caller)]!;
            return Wire.Json(new
            {
                is_success = true,
                quotas = store.Quota,
                job_total_count = ordered.Count,
                job_count_limit = Math.Max(0, store.Quota - all.Count),
                jobs = ordered.Skip((page - 1) * perPage).Take(perPage).Select(j => Views.JobListEntry(j, caller.UserName, now)),
            });
        }

        private static IEnumerable<JobSummary> Sort(IEnumerable<JobSummary> jobs, string sortBy, bool descending, long now)
        {
            Func<JobSummary, IComparable> key = sortBy switch
            {
                "job_desc" => j => j.Job.JobDesc,
                "status" => j => j.Latest.Status,
                "duration" => j => j.Latest.Duration(now),
                "version_count" => j => j.VersionCount,
                "create_time" => j => j.Job.CreateTime,
                _ => j => j.Job.JobName,
            };
            var sorted = descending ? jobs.OrderByDescending(key, RequestValues.SortOrder) : jobs.OrderBy(key, RequestValues.SortOrder);
            return sorted.ThenBy(j => j.Job.JobId);
        }

        /// <summary>A job answers with its newest version's detail.</summary>
        private static IResult GetJob(string job_id, JobStore store, Views views, TimeProvider clock)
        {
            var job = RequestValues.Job(store, job_id);
            var versions = store.Versions(job.JobId);
            var latest = versions.Count > 0 ? versions[0] : throw ApiException.NotFound($"The training job {job_id} does not exist.");
            return Wire.Json(views.Version(job, latest, Now(clock), withJob: true));
        }

        private static IResult UpdateJob(HttpContext context, string job_id, JobStore store)
        {
            var job = RequestValues.Job(store, job_id);
            using var document = JsonFields.Parse(RequestBody.Of(context));
            var description = JsonFields.String(document.RootElement, "job_desc", "job_desc") ?? throw JsonFields.Missing("job_desc");
            if (!JobRules.IsDescriptionValid(description))
            {
                throw CreateRequestReader.TooLong();
            }
            return store.UpdateDescription(job.JobId, description) ? Wire.Success() : throw ApiException.NotFound($"The training job {job_id} does not exist.");
        }

        private static IResult DeleteJob(string job_id, JobStore store, JobRunner runner, DataRoot root)
        {
            var job = RequestValues.Job(store, job_id);
            var stopped = store.Versions(job.JobId).Select(v => runner.Stop(v.VersionId)).OfType<Task>().ToArray();
            if (!store.DeleteJob(job.JobId))
            {
                throw ApiException.NotFound($"The training job {job_id} does not exist.");
            }
            RemoveWhenStopped(stopped, root.JobDirectory(job.JobId));
            return Wire.Success();
        }

        private static IResult ListVersions(HttpContext context, string job_id, JobStore store, Views views, TimeProvider clock)
        {
            var job = RequestValues.Job(store, job_id);
            var perPage = RequestValues.Int(context.Request, "per_page", 10, 1, 1000);
            var page = RequestValues.Int(context.Request, "page", 0, 0, 65535);
            var versions = store.Versions(job.JobId);
            var shown = page == 0 ? versions : versions.Skip((page - 1) * perPage).Take(perPage);
            var now = Now(clock);
            return Wire.Json(new
            {
                is_success = true,
                job_id = job.JobId,
                job_name = job.JobName,
                job_desc = job.JobDesc,
                version_count = versions.Count,
                versions = shown.Select(v => views.Version(job, v, now, withJob: false)),
            });
        }

        private static IResult GetVersion(string job_id, string version_id, JobStore store, Views views, TimeProvider clock)
        {
            var (job, version) = RequestValues.Version(store, job_id, version_id);
            return Wire.Json(views.Version(job, version, Now(clock), withJob: true));
        }

        private static IResult DeleteVersion(string job_id, string version_id, JobStore store, JobRunner runner, DataRoot root)
        {
            var (job, version) = RequestValues.Version(store, job_id, version_id);
            var stopped = runner.Stop(version.VersionId);
            if (!store.DeleteVersion(job.JobId, version.VersionId))
            {
                throw ApiException.NotFound($"The version {version_id} of training job {job_id} does not exist.");
            }
            RemoveWhenStopped(stopped == null ? Array.Empty<Task>() : new[] { stopped }, root.VersionDirectory(job.JobId, version.VersionId));
            return Wire.Success();
        }

        /// <summary>Stopping twice is fine (a retried call must not fail); stopping a version that already ended is not.</summary>
        private static IResult StopVersion(string job_id, string version_id, JobStore store, JobRunner runner)
        {
            var (_, version) = RequestValues.Version(store, job_id, version_id);
            if (runner.Stop(version.VersionId) != null || version.Status == JobStatus.Killing || version.Status == JobStatus.Killed)
            {
                return Wire.Success();
            }
            throw ApiException.ParameterError($"The version {version_id} is not running (it is {(ModelArts.Core.Models.JobStatus)version.Status}); only a running or waiting job can be stopped.");
        }

        /// <summary>Removes a deleted job's folder once its processes are gone (v1 and v2 alike).</summary>
        internal static void RemoveWhenStopped(Task[] stopped, string directory) =>
            _ = Task.WhenAll(stopped).ContinueWith(_ =>
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // Only logs and working copies; a later delete of the job takes them.
                }
                catch (UnauthorizedAccessException)
                {
                    // Likewise.
                }
            }, TaskScheduler.Default);

        private static long Now(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();
    }
}
