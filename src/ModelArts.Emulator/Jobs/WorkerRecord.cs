using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>
    /// Remembers a version's worker processes in a file beside its logs, so that a service restarted after a
    /// crash can end the workers its predecessor left behind. A process counts as the same only when its
    /// start time (from /proc) matches too, so a recycled process id is never killed.
    /// </summary>
    internal static class WorkerRecord
    {
        public static void Add(string file, Process process)
        {
            if (StartTime(process.Id) is string started)
            {
                File.AppendAllText(file, process.Id.ToString(CultureInfo.InvariantCulture) + " " + started + "\n");
            }
        }

        /// <summary>Kills the recorded workers that still run (with their children); returns how many.</summary>
        public static int KillLeftovers(string file)
        {
            if (!File.Exists(file))
            {
                return 0;
            }
            var killed = 0;
            foreach (var parts in File.ReadAllLines(file).Select(l => l.Split(' ')).Where(p => p.Length == 2))
            {
                if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && StartTime(pid) == parts[1])
                {
                    try
                    {
                        using var process = Process.GetProcessById(pid);
                        process.Kill(entireProcessTree: true);
                        killed++;
                    }
                    catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is System.ComponentModel.Win32Exception)
                    {
                        // Gone in the meantime.
                    }
                }
            }
            File.Delete(file);
            return killed;
        }

        /// <summary>Field 22 of /proc/&lt;pid&gt;/stat (start time in clock ticks since boot); null where there is no /proc.</summary>
        private static string? StartTime(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                return fields.Length > 19 ? fields[19] : null;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
