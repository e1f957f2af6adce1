using System.Collections.Generic;
using System.Linq;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>Log file names as ModelArts gives them: <c>job-&lt;name lower-cased, '_' → '-'&gt;.&lt;worker index&gt;</c>.</summary>
    public static class LogNames
    {
        public static string For(string jobName, int workerIndex) => "job-" + jobName.ToLowerInvariant().Replace('_', '-') + "." + workerIndex;

        public static IReadOnlyList<string> All(string jobName, int workers) => Enumerable.Range(0, workers).Select(i => For(jobName, i)).ToList();
    }
}
