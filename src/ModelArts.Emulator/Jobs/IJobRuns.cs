using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>Which API a job belongs to; the runner keeps their jobs apart by it.</summary>
    public enum JobApi
    {
        V1,
        V2,
    }

    /// <summary>A job in the runner's queue: a v1 version id or a v2 run id.</summary>
    public readonly record struct RunKey(JobApi Api, long Id);

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
    }

    /// <summary>One API's job records as the runner sees them; status codes are the v1 ones (<c>JobStatus</c>).</summary>
    internal interface IJobRuns
    {
        IReadOnlyList<long> InStatus(params int[] statuses);

        bool SetStatus(long id, int status, long? startTime = null, long? endTime = null);

        /// <summary>The job's log files that exist now, to note a lost run in them.</summary>
        IEnumerable<string> ExistingLogs(long id);

        /// <summary>Where the job's worker processes are recorded; null when the job is gone.</summary>
        string? WorkerFile(long id);

        /// <summary>Opens the logs and readies the plan; null when the job is gone.</summary>
        PreparedRun? Prepare(long id);
    }
}
