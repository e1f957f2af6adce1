using System.Globalization;

namespace ModelArts.Core.Models
{
    /// <summary>The one label that tells log lines of several jobs or workers apart: <c>[name worker N] </c>.</summary>
    public static class LogLinePrefix
    {
        public static string Of(LogLine line, string? jobName = null) =>
            "[" + (jobName == null ? string.Empty : jobName + " ") + "worker " + line.Worker.ToString(CultureInfo.InvariantCulture) + "] ";
    }
}
