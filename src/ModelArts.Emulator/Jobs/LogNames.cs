using System.Collections.Generic;
using System.Linq;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>Log file names as ModelArts gives them. v1: <c>job-&lt;name lower-cased, '_' → '-'&gt;.&lt;worker index&gt;</c>.</summary>
    internal static class LogNames
    {
        public static string For(string jobName, int workerIndex) => "job-" + jobName.ToLowerInvariant().Replace('_', '-') + "." + workerIndex;

        public static IReadOnlyList<string> All(string jobName, int workers) => Enumerable.Range(0, workers).Select(i => For(jobName, i)).ToList();

        /// <summary>v2: the file of task <c>worker-&lt;n&gt;</c>, in the job's log folder and under <c>log_export_path</c>.</summary>
        public static string V2(string jobId, int workerIndex) => $"modelarts-job-{jobId}-worker-{workerIndex}.log";
    }
}
