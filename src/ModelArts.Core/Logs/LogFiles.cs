using System.Globalization;

namespace ModelArts.Core.Logs
{
    /// <summary>Log files are named <c>job-&lt;name&gt;.&lt;worker index&gt;</c> (contract §5).</summary>
    internal static class LogFiles
    {
        /// <summary>The worker index from the <c>.N</c> suffix; 0 when there is none (a job of one worker).</summary>
        public static int WorkerOf(string logFile)
        {
            var dot = logFile.LastIndexOf('.');
            return dot >= 0 && int.TryParse(logFile.Substring(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var worker) ? worker : 0;
        }
    }
}
