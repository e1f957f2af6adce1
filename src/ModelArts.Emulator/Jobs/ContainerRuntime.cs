using System;
using System.Diagnostics;
using System.Threading;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>Finds docker or podman with an engine that answers; looked for once, when a custom-image job first runs.</summary>
    public static class ContainerRuntime
    {
        private static readonly Lazy<string?> Found = new Lazy<string?>(Detect, LazyThreadSafetyMode.ExecutionAndPublication);

        public static string? Command => Found.Value;

        private static string? Detect()
        {
            foreach (var candidate in new[] { "docker", "podman" })
            {
                try
                {
                    using var process = Process.Start(new ProcessStartInfo(candidate, "info")
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        UseShellExecute = false,
                    });
                    if (process == null)
                    {
                        continue;
                    }
                    process.StandardOutput.ReadToEndAsync();
                    process.StandardError.ReadToEndAsync();
                    if (process.WaitForExit(10_000) && process.ExitCode == 0)
                    {
                        return candidate;
                    }
                    process.Kill(true);
                }
                catch (System.ComponentModel.Win32Exception)
                {
                    // Not installed: try the next one.
                }
            }
            return null;
        }
    }
}
