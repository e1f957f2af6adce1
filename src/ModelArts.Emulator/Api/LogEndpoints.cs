using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Jobs;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Api
{
    /// <summary>Log file names and <c>aom-log</c> pages (contract §5).</summary>
    internal static class LogEndpoints
    {
        public static void Map(IEndpointRouteBuilder v1)
        {
            v1.MapGet("/training-jobs/{job_id}/versions/{version_id}/log/file-names", FileNames);
            v1.MapGet("/training-jobs/{job_id}/versions/{version_id}/aom-log", Page);
        }

        private static IResult FileNames(string job_id, string version_id, JobStore store)
        {
            var (job, version) = RequestValues.Version(store, job_id, version_id);
            return Wire.Json(new { is_success = true, log_file_list = LogNames.All(job.JobName, version.Config.WorkerServerNum) });
        }

        private static IResult Page(HttpContext context, string job_id, string version_id, JobStore store, DataRoot root)
        {
            var (job, version) = RequestValues.Version(store, job_id, version_id);
            var request = context.Request;
            var logFile = request.Query["log_file"].ToString();
            if (logFile.Length == 0)
            {
                throw JsonFields.Missing("log_file");
            }
            if (!LogNames.All(job.JobName, version.Config.WorkerServerNum).Contains(logFile))
            {
                throw ApiException.NotFound($"The log file {logFile} does not exist for this version.");
            }
            var lines = RequestValues.Int(request, "lines", 50, 0, 500);
            var order = RequestValues.Choice(request, "order", "desc", "asc", "desc");
            var baseLine = request.Query["base_line"].ToString();
            if (baseLine.Length > 0 && !LogFile.TryParsePosition(baseLine, out _))
            {
                throw ApiException.InvalidArgument($"base_line '{baseLine}' is not a position this service gave out.");
            }
            var page = LogFile.Read(root.LogPath(job.JobId, version.VersionId, logFile), baseLine, lines, forward: order == "desc");
            return Wire.Json(new
            {
                is_success = true,
                content = page.Content,
                lines = page.Lines,
                start_line = page.StartLine,
                end_line = page.EndLine,
            });
        }
    }
}
