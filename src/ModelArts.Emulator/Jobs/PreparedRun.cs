using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

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
    }
}
