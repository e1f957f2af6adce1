using System.Collections.Generic;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>Which API a job belongs to; the runner keeps their jobs apart by it.</summary>
    internal enum JobApi
    {
        V1,
        V2,
    }

    /// <summary>A job in the runner's queue: a v1 version id or a v2 run id.</summary>
    internal readonly record struct RunKey(JobApi Api, long Id);

    /// <summary>One API's job records as the runner sees them; status codes are the v1 ones (<c>JobStatus</c>).</summary>
    internal interface IJobRuns
    {
        IReadOnlyList<long> InStatus(params int[] statuses);

        /// <summary>Moves the job on; <paramref name="tasks"/> (one per worker, once it has ended) are kept where the API can show them (v2 only).</summary>
        bool SetStatus(long id, int status, long? startTime = null, long? endTime = null, IReadOnlyList<TaskOutcome>? tasks = null);

        /// <summary>The job's log files that exist now, to note a lost run in them.</summary>
        IEnumerable<string> ExistingLogs(long id);

        /// <summary>Where the job's worker processes are recorded; null when the job is gone.</summary>
        string? WorkerFile(long id);

        /// <summary>Opens the logs and readies the plan; null when the job is gone.</summary>
        PreparedRun? Prepare(long id);
    }
}
