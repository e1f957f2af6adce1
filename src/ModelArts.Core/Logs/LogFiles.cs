using System.Globalization;

namespace ModelArts.Core.Logs
{
    /// <summary>A log is named after its worker: v1 files <c>job-&lt;name&gt;.&lt;N&gt;</c> (contract §5), v2 tasks <c>worker-&lt;N&gt;</c>.</summary>
    internal static class LogFiles
    {
        private static readonly char[] Separators = { '.', '-' };

        /// <summary>The worker index after the last <c>.</c> or <c>-</c>; 0 when there is none (a job of one worker).</summary>
        public static int WorkerOf(string log)
        {
            var separator = log.LastIndexOfAny(Separators);
            return separator >= 0 && int.TryParse(log.Substring(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var worker) ? worker : 0;
        }

        /// <summary>The v2 task of a worker.</summary>
        public static string TaskOf(int worker) => "worker-" + worker.ToString(CultureInfo.InvariantCulture);
    }
}
