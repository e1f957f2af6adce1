using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelArts.Emulator.Auth;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Jobs;
using ModelArts.Emulator.Jobs.V2;
using ModelArts.Emulator.Options;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;
using static ModelArts.Emulator.Api.V2.V2Json;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary><c>/v2/{project_id}/training-jobs</c> and <c>training-job-searches</c>.</summary>
    internal static class V2JobEndpoints
    {
        public const int MaxSearchLimit = 50;

        private static readonly string[] SortKeys = { "create_time", "name", "duration", "phase" };

        public static void Map(IEndpointRouteBuilder v2)
        {
            v2.MapPost("/training-jobs", Create);
            v2.MapGet("/training-jobs/{training_job_id}", Show);
            v2.MapPut("/training-jobs/{training_job_id}", ChangeDescription);
            v2.MapDelete("/training-jobs/{training_job_id}", Delete);
            v2.MapPost("/training-jobs/{training_job_id}/actions", Act);
            v2.MapPost("/training-job-searches", Search);
            v2.MapGet("/training-jobs/{training_job_id}/tasks", Tasks);
            v2.MapGet("/training-quotas", Quotas);
        }

        /// <summary>The job's tasks and where they run: every local worker on <see cref="JobEnvironment.WorkerHost"/>, scheduled once.</summary>
        private static IResult Tasks(HttpContext context, string training_job_id, V2JobStore store)
        {
            var job = V2Wire.Job(store, training_job_id);
            RequestValues.Int(context.Request, "schedule_count", 0, 0, int.MaxValue, V2Errors.QueryParam);
            return V2Wire.Json(Enumerable.Range(0, job.Spec.NodeCount).Select(i => new
            {
                task = V2JobArea.TaskName(i),
                ip = JobEnvironment.WorkerHost,
                host_ip = JobEnvironment.WorkerHost,
                schedule_count = 0,
            }));
        }

        /// <summary>The one quota the real service names, <c>job-num</c>: <c>--job-quota</c> and the v2 jobs that count against it.</summary>
        private static IResult Quotas(HttpContext context, V2JobStore store, EmulatorOptions options)
        {
            RequestValues.Choice(context.Request, "resource", "job-num", V2Errors.QueryParam, "job-num");
            return V2Wire.Json(new { quotas = new[] { new { resource = "job-num", quota = options.JobQuota, used = store.List().Count } } });
        }

        private static IResult Create(HttpContext context, V2RequestReader reader, V2JobStore store, JobRunner runner, DataRoot root, V2Views views, TimeProvider clock)
        {
            var id = Guid.NewGuid().ToString("D");
            var request = reader.ReadJob(RequestBody.Of(context), new V2JobArea(root, id));
            var now = Now(clock);
            var job = store.Create(id, request.Name, request.Description, request.WorkspaceId, request.Spec, now);
            runner.Enqueue(new RunKey(JobApi.V2, job.RunId));
            return V2Wire.Json(views.Job(job, UserName(context), now), StatusCodes.Status201Created);
        }

        private static IResult Show(HttpContext context, string training_job_id, V2JobStore store, V2Views views, TimeProvider clock) =>
            V2Wire.Json(views.Job(V2Wire.Job(store, training_job_id), UserName(context), Now(clock)));

        private static IResult ChangeDescription(HttpContext context, string training_job_id, V2JobStore store)
        {
            var job = V2Wire.Job(store, training_job_id);
            var description = V2RequestReader.ReadDescription(RequestBody.Of(context));
            return store.UpdateDescription(job.Id, description) ? Results.Json(new { }, V2Wire.Options) : throw V2Errors.JobNotFound(training_job_id);
        }

        private static IResult Delete(string training_job_id, V2JobStore store, JobRunner runner, DataRoot root)
        {
            var job = V2Wire.Job(store, training_job_id);
            var stopped = runner.Stop(new RunKey(JobApi.V2, job.RunId));
            if (!store.Delete(job.Id))
            {
                throw V2Errors.JobNotFound(training_job_id);
            }
            TrainingJobEndpoints.RemoveWhenStopped(stopped == null ? System.Array.Empty<System.Threading.Tasks.Task>() : new[] { stopped }, root.V2JobDirectory(job.Id));
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }

        /// <summary>Terminating twice is fine (a retried call must not fail); terminating a job that ended otherwise is not.</summary>
        private static IResult Act(HttpContext context, string training_job_id, V2JobStore store, JobRunner runner, V2Views views, TimeProvider clock)
        {
            var job = V2Wire.Job(store, training_job_id);
            V2RequestReader.ReadAction(RequestBody.Of(context));
            var phase = V2Phase.Of(job.Status);
            if (runner.Stop(new RunKey(JobApi.V2, job.RunId)) == null && phase != V2Phase.Terminating && phase != V2Phase.Terminated)
            {
                throw V2Errors.InvalidParam($"the job has already ended (phase {phase}); only a pending or running job can be terminated");
            }
            return V2Wire.Json(views.Job(store.Find(job.Id) ?? job, UserName(context), Now(clock)), StatusCodes.Status202Accepted);
        }

        private static IResult Search(HttpContext context, V2JobStore store, V2Views views, EmulatorOptions options, TimeProvider clock)
        {
            using var document = Parse(RequestBody.Of(context));
            var body = document.RootElement;
            Only(body, "", "offset", "limit", "sort_by", "order", "group_by", "workspace_id", "filters");
            var offset = Long(body, "offset", "") ?? 0;
            var limit = Long(body, "limit", "") ?? 10;
            if (offset < 0 || offset > int.MaxValue)
            {
                throw V2Errors.InvalidParam("offset must be at least 0");
            }
            if (limit < 1 || limit > MaxSearchLimit)
            {
                throw V2Errors.InvalidParam($"limit must be from 1 to {MaxSearchLimit}");
            }
            var sortBy = String(body, "sort_by", "") ?? "create_time";
            if (!SortKeys.Contains(sortBy))
            {
                throw V2Errors.UnsupportedSortBy(sortBy);
            }
            var order = String(body, "order", "") ?? "desc";
            if (order != "asc" && order != "desc")
            {
                throw V2Errors.InvalidParam("order must be asc or desc");
            }
            var groupBy = String(body, "group_by", "") ?? "";
            var workspace = String(body, "workspace_id", "") ?? "0";
            var now = Now(clock);
            IEnumerable<V2JobRecord> jobs = store.List().Where(j => j.WorkspaceId == workspace);
            foreach (var filter in Filters(body))
            {
                jobs = jobs.Where(filter);
            }
            Func<V2JobRecord, IComparable> key = sortBy switch
            {
                "name" => j => j.Name,
                "duration" => j => j.Duration(now),
                "phase" => j => V2Phase.Of(j.Status),
                _ => j => j.CreateTime,
            };
            var sorted = (order == "desc" ? jobs.OrderByDescending(key, RequestValues.SortOrder) : jobs.OrderBy(key, RequestValues.SortOrder)).ThenBy(j => j.RunId).ToList();
            var skip = options.V2SearchOffsetIsRow ? offset : offset * limit;
            var page = sorted.Skip((int)Math.Min(skip, int.MaxValue)).Take((int)limit).ToList();
            var user = UserName(context);
            return V2Wire.Json(new
            {
                total = sorted.Count,
                count = page.Count,
                limit,
                offset,
                sort_by = sortBy,
                order,
                group_by = groupBy,
                workspace_id = workspace,
                ai_project = "default-ai-project",
                items = page.Select(j => views.Job(j, user, now)),
            });
        }

        /// <summary>Search filters: <c>name like</c>, <c>phase in</c>, <c>create_time between</c> (milliseconds, as strings).</summary>
        private static IEnumerable<Func<V2JobRecord, bool>> Filters(JsonElement body)
        {
            var index = 0;
            foreach (var item in Array(body, "filters", "") is { } array ? array.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                var path = $"filters[{index++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw V2Errors.ParamType(path, "an object");
                }
                Only(item, path, "key", "operator", "value");
                var key = String(item, "key", path) ?? throw Missing(path + ".key");
                var op = String(item, "operator", path) ?? throw Missing(path + ".operator");
                var values = (Array(item, "value", path) ?? throw Missing(path + ".value")).EnumerateArray()
                    .Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw V2Errors.ParamType(path + ".value[]", "a string")).ToList();
                yield return (key, op) switch
                {
                    ("name", "like") => values.Count == 1 ? j => j.Name.Contains(values[0], StringComparison.OrdinalIgnoreCase) : throw V2Errors.ConditionValue(string.Join(",", values)),
                    ("phase", "in") => values.All(V2Phase.IsKnown) ? j => values.Contains(V2Phase.Of(j.Status)) : throw V2Errors.ConditionValue(string.Join(",", values)),
                    ("create_time", "between") => Between(values),
                    ("name" or "phase" or "create_time", _) => throw V2Errors.ConditionOperator(op),
                    _ => throw V2Errors.ConditionKey(key),
                };
            }
        }

        private static Func<V2JobRecord, bool> Between(List<string> values)
        {
            if (values.Count != 2
                || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !long.TryParse(values[1], NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                throw V2Errors.ConditionValue(string.Join(",", values));
            }
            return j => j.CreateTime >= from && j.CreateTime <= to;
        }

        internal static string UserName(HttpContext context) => ((Caller)context.Items[typeof(Caller)]!).UserName;

        internal static long Now(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();
    }
}
