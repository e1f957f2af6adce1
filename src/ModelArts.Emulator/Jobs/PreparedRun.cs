using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>
    /// Everything one run needs besides its processes: the open logs, the plan (made when the run starts, so a
    /// problem with the code or data fails the job rather than the create call), and what to do while it runs
    /// and after it ended.
    /// </summary>
    internal sealed record PreparedRun(IReadOnlyList<LogWriter> Logs, string? Problem, Func<LaunchPlan> Plan, string WorkerFile)
    {
        /// <summary>Runs beside the workers until the token is cancelled (their end), e.g. to upload outputs periodically.</summary>
        public Func<CancellationToken, Task>? WhileRunning { get; init; }

        /// <summary>Runs once the workers are gone, whatever the job's end.</summary>
        public Action? Finished { get; init; }

        /// <summary>
        /// One log per task at <paramref name="paths"/>, each also written into the OBS folder <paramref name="obsFolder"/>
        /// (v1 log_url, v2 log_export_path) under its file name; a folder outside the data root is the run's problem.
        /// </summary>
        public static List<LogWriter> OpenLogs(DataRoot root, string? obsFolder, IEnumerable<string> paths, out string? problem)
        {
            problem = null;
            string? mirror = null;
            try
            {
                mirror = obsFolder == null ? null : root.MapObs(obsFolder);
            }
            catch (PathRefusedException e)
            {
                problem = e.Message;
            }
            return paths.Select(path => new LogWriter(mirror == null ? new[] { path } : new[] { path, Path.Combine(mirror, Path.GetFileName(path)) })).ToList();
        }
    }
}
