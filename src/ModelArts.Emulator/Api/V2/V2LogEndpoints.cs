using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Jobs;
using ModelArts.Emulator.Jobs.V2;
using ModelArts.Emulator.Options;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary>A v2 job's logs (preview, temporary URL, line pages), events and metrics.</summary>
    internal static class V2LogEndpoints
    {
        /// <summary>Where the temporary log URLs point: outside <c>/v2</c>, since the URL's signature is its only credential.</summary>
        public const string DownloadPrefix = "/_logs";

        private static readonly string[] MetricNames = { "cpuUsage", "memUsage", "gpuUtil", "gpuMemUsage" };

        public static void Map(IEndpointRouteBuilder v2)
        {
            v2.MapGet("/training-jobs/{training_job_id}/tasks/{task_id}/logs/preview", Preview);
            v2.MapGet("/training-jobs/{training_job_id}/tasks/{task_id}/logs/url", Url);
            v2.MapGet("/training-jobs/{training_job_id}/logs/{task_id}", Page);
            v2.MapGet("/training-jobs/{training_job_id}/events", Events);
            v2.MapGet("/training-jobs/{training_job_id}/metrics/{task_id}", Metrics);
        }

        public static void MapDownload(IEndpointRouteBuilder app) => app.MapGet(DownloadPrefix + "/{training_job_id}/{task_id}", Download);

        private static IResult Preview(string training_job_id, string task_id, V2JobStore store, DataRoot root, EmulatorOptions options)
        {
            var path = LogPath(store, root, training_job_id, task_id);
            if (!File.Exists(path))
            {
                return V2Wire.NotReady();
            }
            var tail = LogTail.Read(path, options.V2PreviewBytes);
            return V2Wire.Json(new { content = tail.Content, current_size = tail.CurrentSize, full_size = tail.FullSize });
        }

        private static IResult Url(HttpContext context, string training_job_id, string task_id, V2JobStore store, DataRoot root, LogUrlSigner signer,
            EmulatorOptions options, TimeProvider clock)
        {
            var job = V2Wire.Job(store, training_job_id);
            if (!File.Exists(LogPath(store, root, training_job_id, task_id)))
            {
                return V2Wire.NotReady();
            }
            var expires = clock.GetUtcNow().Add(LogUrlSigner.Validity).ToUnixTimeSeconds();
            var request = context.Request;
            var url = $"{request.Scheme}://{request.Host}{DownloadPrefix}/{job.Id}/{task_id}" +
                $"?AWSAccessKeyId={Uri.EscapeDataString(options.AccessKey)}&Expires={expires.ToString(CultureInfo.InvariantCulture)}" +
                $"&Signature={signer.Signature(job.Id, task_id, expires)}";
            return V2Wire.Json(new { obs_url = url });
        }

        /// <summary>Serves a task's whole log to whoever holds an unexpired URL, with Range, like a pre-signed OBS object.</summary>
        private static IResult Download(HttpContext context, string training_job_id, string task_id, V2JobStore store, DataRoot root, LogUrlSigner signer, TimeProvider clock)
        {
            var query = context.Request.Query;
            if (!signer.IsValid(training_job_id, task_id, query["Expires"].ToString(), query["Signature"].ToString(), clock.GetUtcNow()))
            {
                throw ApiException.Gateway(StatusCodes.Status403Forbidden, "AccessDenied", "The log URL is not valid: its signature does not match or it has expired.");
            }
            var path = LogPath(store, root, training_job_id, task_id);
            return File.Exists(path)
                ? Results.File(path, "text/plain; charset=utf-8", enableRangeProcessing: true)
                : throw ApiException.Gateway(StatusCodes.Status404NotFound, "NoSuchKey", "The log does not exist.");
        }

        /// <summary>The Huawei Cloud line-paged log, with the positions of contract §5; without it (OTC) the path is an unknown API.</summary>
        private static IResult Page(HttpContext context, string training_job_id, string task_id, V2JobStore store, DataRoot root, EmulatorOptions options)
        {
            if (!options.V2PagedLog)
            {
                throw ApiException.Gateway(StatusCodes.Status404NotFound, "APIG.0101", "The API does not exist or has not been published in the environment.");
            }
            var path = LogPath(store, root, training_job_id, task_id);
            var request = context.Request;
            var lines = RequestValues.Int(request, "lines", 50, 1, 500, V2Errors.QueryParam);
            var order = RequestValues.Choice(request, "order", "desc", V2Errors.QueryParam, "asc", "desc");
            var baseLine = request.Query["base_line"].ToString();
            if (baseLine.Length > 0 && !LogFile.TryParsePosition(baseLine, out _))
            {
                throw V2Errors.QueryParam($"base_line '{baseLine}' is not a position this service gave out");
            }
            if (!File.Exists(path))
            {
                return V2Wire.NotReady();
            }
            var page = LogFile.Read(path, baseLine, lines, forward: order == "desc");
            return V2Wire.Json(new { start_line = page.StartLine, end_line = page.EndLine, lines = page.Lines, content = page.Content });
        }

        /// <summary>The job's life as events, from its record: created, started, ended (Error when it failed or was lost).</summary>
        private static IResult Events(HttpContext context, string training_job_id, V2JobStore store)
        {
            var job = V2Wire.Job(store, training_job_id);
            var request = context.Request;
            var offset = RequestValues.Int(request, "offset", 0, 0, int.MaxValue, V2Errors.QueryParam);
            var limit = RequestValues.Int(request, "limit", 50, 1, 100, V2Errors.QueryParam);
            var order = RequestValues.Choice(request, "order", "desc", V2Errors.QueryParam, "asc", "desc");
            var level = RequestValues.Choice(request, "level", "", V2Errors.QueryParam, "Info", "Error", "Warning");
            var pattern = request.Query["pattern"].ToString();
            if (pattern.Length > 256)
            {
                throw V2Errors.QueryParam("pattern must be at most 256 characters");
            }
            var events = Happenings(job)
                .Where(e => level.Length == 0 || e.Level == level)
                .Where(e => pattern.Length == 0 || e.Message.Contains(pattern, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var ordered = order == "asc" ? events : Enumerable.Reverse(events).ToList();
            return V2Wire.Json(new
            {
                total = ordered.Count,
                limit,
                offset,
                order,
                events = ordered.Skip(offset).Take(limit).Select(e => new { message = e.Message, level = e.Level, time = Time(e.At), source = "job" }),
            });
        }

        /// <summary>
        /// Resource use is not measured locally: one sample per started minute of run time, each -1 ("no data"), in the
        /// real shape, so clients can read it. Before the job starts there is nothing yet (204).
        /// </summary>
        private static IResult Metrics(string training_job_id, string task_id, V2JobStore store, DataRoot root, TimeProvider clock)
        {
            var job = V2Wire.Job(store, training_job_id);
            TaskIndex(job, task_id);
            if (job.StartTime == null)
            {
                return V2Wire.NotReady();
            }
            var samples = (int)Math.Max(1, (job.Duration(V2JobEndpoints.Now(clock)) + 59_999) / 60_000);
            var none = Enumerable.Repeat(-1.0, samples).ToList();
            return V2Wire.Json(new
            {
                metrics = MetricNames.Select(m => new { metric = m, value = none }),
            });
        }

        private static List<(string Message, string Level, long At)> Happenings(V2JobRecord job)
        {
            var happenings = new List<(string, string, long)> { ("Job created.", "Info", job.CreateTime) };
            if (job.StartTime is long start)
            {
                happenings.Add(("Job started running.", "Info", start));
            }
            if (job.EndTime is long end)
            {
                var phase = V2Phase.Of(job.Status);
                happenings.Add(($"Job ended: {phase}.", phase is V2Phase.Failed or V2Phase.Abnormal ? "Error" : "Info", end));
            }
            return happenings;
        }

        private static string Time(long milliseconds) =>
            DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string LogPath(V2JobStore store, DataRoot root, string jobId, string taskId)
        {
            var job = V2Wire.Job(store, jobId);
            return new V2JobArea(root, job.Id).LogPath(TaskIndex(job, taskId));
        }

        /// <summary>Tasks are <c>worker-0</c> … <c>worker-{n-1}</c>; anything else names no task of this job.</summary>
        private static int TaskIndex(V2JobRecord job, string taskId)
        {
            for (var i = 0; i < job.Spec.NodeCount; i++)
            {
                if (taskId == V2JobArea.TaskName(i))
                {
                    return i;
                }
            }
            throw V2Errors.LogNotGenerated(taskId);
        }
    }
}
