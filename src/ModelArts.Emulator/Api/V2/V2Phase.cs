using System.Collections.Generic;
using System.Linq;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary>v2 phases over the v1 status codes the job store keeps (contract §7: one status vocabulary).</summary>
    internal static class V2Phase
    {
        public const string Creating = "Creating";
        public const string Pending = "Pending";
        public const string Running = "Running";
        public const string Terminating = "Terminating";
        public const string Completed = "Completed";
        public const string Failed = "Failed";
        public const string Terminated = "Terminated";
        public const string Abnormal = "Abnormal";

        public static readonly IReadOnlyList<string> All = new[] { Creating, Pending, Running, Terminating, Completed, Failed, Terminated, Abnormal };

        public static string Of(int status) => status switch
        {
            JobStatus.Waiting => Pending,
            JobStatus.Running => Running,
            JobStatus.Killing => Terminating,
            JobStatus.Completed => Completed,
            JobStatus.Failed or 3 or 5 => Failed,
            JobStatus.Killed or 13 => Terminated,
            JobStatus.Lost => Abnormal,
            _ => Creating,
        };

        /// <summary>The finer phase the real service shows beside <c>phase</c> (clients must not depend on it).</summary>
        public static string Secondary(int status) => status switch
        {
            JobStatus.Waiting => "Queuing",
            _ => Of(status),
        };

        public static bool IsTerminal(string phase) => phase is Completed or Failed or Terminated or Abnormal;

        public static bool IsKnown(string phase) => All.Contains(phase);
    }
}
