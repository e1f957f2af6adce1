using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Obs
{
    /// <summary>The output of a client run.</summary>
    public sealed record ClientRun(int ExitCode, string Output, string Error)
    {
        public string Describe(string what) => $"{what} exited {ExitCode}\n{Output}\n{Error}";
    }

    /// <summary>
    /// A third-party S3 client run as a process with a clean environment: nothing from the user's home, the proxy or the
    /// machine's AWS_*/RCLONE_* settings leaks in, only what the test sets.
    /// </summary>
    internal static class ExternalClient
    {
        private static readonly Lazy<string?> AwsCli = new Lazy<string?>(() => FirstWorking(new[] { "/usr/bin/aws", "aws" }, "--version"));
        private static readonly Lazy<string?> RcloneTool = new Lazy<string?>(() => FirstWorking(new[] { "rclone" }, "version"));
        private static readonly Lazy<string?> S3cmdTool = new Lazy<string?>(() => FirstWorking(new[] { "s3cmd" }, "--version"));

        /// <summary>A working AWS CLI (Debian's v2 first, then any on PATH), or null.</summary>
        public static string? Aws => AwsCli.Value;
        public static string? Rclone => RcloneTool.Value;
        public static string? S3cmd => S3cmdTool.Value;

        public static async Task<ClientRun> RunAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string home,
            int timeoutSeconds = 300)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = home };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            foreach (var name in start.Environment.Keys.ToList())
            {
                if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("RCLONE_", StringComparison.Ordinal)
                    || name.EndsWith("_proxy", StringComparison.OrdinalIgnoreCase) || name.EndsWith("_PROXY", StringComparison.Ordinal))
                {
                    start.Environment.Remove(name);
                }
            }
            start.Environment["HOME"] = home;
            foreach (var variable in environment)
            {
                start.Environment[variable.Key] = variable.Value;
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(timeoutSeconds))) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(" ", args)} did not finish in {timeoutSeconds} s.");
            }
            return new ClientRun(process.ExitCode, await output, await error);
        }

        /// <summary>Environment for the AWS CLI: keys, region and config files of the test's own, nothing read from ~.</summary>
        public static Dictionary<string, string> AwsEnvironment(TestService service, string home)
        {
            var config = Path.Combine(home, "aws-config");
            File.WriteAllText(config, "[default]\nregion = local-1\n");
            var credentials = Path.Combine(home, "aws-credentials");
            File.WriteAllText(credentials, "");
            return new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = service.Options.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = service.Options.SecretKey,
                ["AWS_DEFAULT_REGION"] = "local-1",
                ["AWS_CONFIG_FILE"] = config,
                ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
                ["AWS_EC2_METADATA_DISABLED"] = "true",
                ["AWS_PAGER"] = "",
            };
        }

        private static string? FirstWorking(IEnumerable<string> candidates, string versionArgument)
        {
            foreach (var candidate in candidates)
            {
                try
                {
                    var run = RunAsync(candidate, new[] { versionArgument }, new Dictionary<string, string>(), Path.GetTempPath(), 60).GetAwaiter().GetResult();
                    if (run.ExitCode == 0)
                    {
                        return candidate;
                    }
                }
                catch (System.ComponentModel.Win32Exception)
                {
                    // Not installed under this name.
                }
            }
            return null;
        }
    }

    /// <summary>A fact that is skipped, saying why, when no working AWS CLI is installed.</summary>
    public sealed class AwsCliFactAttribute : FactAttribute
    {
        public AwsCliFactAttribute()
        {
            if (ExternalClient.Aws == null)
            {
                Skip = "No working AWS CLI (tried /usr/bin/aws and aws on PATH): install Debian's awscli.";
            }
        }
    }

    /// <summary>A fact that is skipped, saying why, when rclone is not installed.</summary>
    public sealed class RcloneFactAttribute : FactAttribute
    {
        public RcloneFactAttribute()
        {
            if (ExternalClient.Rclone == null)
            {
                Skip = "rclone is not installed: install Debian's rclone.";
            }
        }
    }

    /// <summary>A fact that is skipped, saying why, when s3cmd is not installed.</summary>
    public sealed class S3cmdFactAttribute : FactAttribute
    {
        public S3cmdFactAttribute()
        {
            if (ExternalClient.S3cmd == null)
            {
                Skip = "s3cmd is not installed: install Debian's s3cmd.";
            }
        }
    }
}
