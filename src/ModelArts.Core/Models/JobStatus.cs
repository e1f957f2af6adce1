namespace ModelArts.Core.Models
{
    /// <summary>v1 training job status codes (JOBSTAT_*).</summary>
    public enum JobStatus
    {
        Unknown = 0,
        Init = 1,
        ImageCreating = 2,
        ImageFailed = 3,
        SubmitTrying = 4,
        SubmitFailed = 5,
        DeleteFailed = 6,
        Waiting = 7,
        Running = 8,
        Killing = 9,
        Completed = 10,
        Failed = 11,
        Killed = 12,
        Canceled = 13,
        Lost = 14,
        Scaling = 15,
        SubmitModelFailed = 16,
        DeployServiceFailed = 17,
        CheckInit = 18,
        CheckRunning = 19,
        CheckRunningCompleted = 20,
        CheckFailed = 21,
        MountFailed = 22,
    }

    public static class JobStatusExtensions
    {
        /// <summary>True when the job will not change state any more (contract §4).</summary>
        public static bool IsTerminal(this JobStatus status)
        {
            switch (status)
            {
                case JobStatus.ImageFailed:
                case JobStatus.SubmitFailed:
                case JobStatus.Completed:
                case JobStatus.Failed:
                case JobStatus.Killed:
                case JobStatus.Canceled:
                case JobStatus.Lost:
                case JobStatus.SubmitModelFailed:
                case JobStatus.DeployServiceFailed:
                case JobStatus.CheckFailed:
                case JobStatus.MountFailed:
                    return true;
                default:
                    return false;
            }
        }

        public static bool IsSuccessful(this JobStatus status) => status == JobStatus.Completed;

        /// <summary>Not yet running: nothing of the job's own has been logged, so an empty log means "wait", not "silent".</summary>
        public static bool IsPending(this JobStatus status)
        {
            switch (status)
            {
                case JobStatus.Init:
                case JobStatus.ImageCreating:
                case JobStatus.SubmitTrying:
                case JobStatus.Waiting:
                case JobStatus.CheckInit:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The v2 phase of a status (contract §7), the one vocabulary both APIs are shown in.</summary>
        public static string Phase(this JobStatus status)
        {
            switch (status)
            {
                case JobStatus.Init:
                case JobStatus.ImageCreating:
                case JobStatus.SubmitTrying:
                    return "Creating";
                case JobStatus.Waiting:
                    return "Pending";
                case JobStatus.Running:
                    return "Running";
                case JobStatus.Killing:
                    return "Terminating";
                case JobStatus.Completed:
                    return "Completed";
                case JobStatus.ImageFailed:
                case JobStatus.SubmitFailed:
                case JobStatus.Failed:
                    return "Failed";
                case JobStatus.Killed:
                case JobStatus.Canceled:
                    return "Terminated";
                case JobStatus.Lost:
                    return "Abnormal";
                default:
                    return status.ToString();
            }
        }

        /// <summary>A v2 phase as the status it reads as (the first code of contract §7's row); unknown phases are Unknown.</summary>
        public static JobStatus FromPhase(string? phase)
        {
            switch (phase)
            {
                case "Creating": return JobStatus.Init;
                case "Pending": return JobStatus.Waiting;
                case "Running": return JobStatus.Running;
                case "Terminating": return JobStatus.Killing;
                case "Completed": return JobStatus.Completed;
                case "Failed": return JobStatus.Failed;
                case "Terminated": return JobStatus.Killed;
                case "Abnormal": return JobStatus.Lost;
                default: return JobStatus.Unknown;
            }
        }
    }
}
