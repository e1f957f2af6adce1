using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>What a container command answered.</summary>
    internal sealed record ContainerAnswer(int ExitCode, string Output, string Error)
    {
        public bool Succeeded => ExitCode == 0;

        /// <summary>The engine's own words for a failure, for a log line.</summary>
        public string Reason => (Error.Trim().Length > 0 ? Error : Output).Trim();
    }

    /// <summary>
    /// The docker or podman of this machine (the first that answers <c>info</c>, looked for once, when a
    /// custom-image job first needs it) and the one way the service calls it. Podman is called with a
    /// <c>containers.conf</c> of the service's own under <c>&lt;data-root&gt;/containers/</c>, so that nothing
    /// depends on edits of /etc: runc as the OCI runtime when it is installed (crun refuses hybrid cgroup
    /// layouts) and no default ulimits (raising them needs CAP_SYS_RESOURCE, which containers in CI lack).
    /// Everything the service creates carries the label <see cref="RootLabel"/>, so a restarted service
    /// finds what its killed predecessor left.
    /// </summary>
    internal sealed class ContainerRuntime
    {
        public const string LabelPrefix = "modelarts-local.";

        private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);

        // runc lives in /usr/sbin, which an ordinary user's PATH often leaves out.
        private static readonly string[] SystemDirectories = { "/usr/sbin", "/usr/bin" };

        private readonly Lazy<string?> _command;
        private readonly Lazy<IReadOnlySet<string>?> _controllers;

        public ContainerRuntime(DataRoot root)
        {
            Directory = Path.Combine(root.Root, "containers");
            RootLabel = LabelPrefix + "root=" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(root.Root))).Substring(0, 12).ToLowerInvariant();
            RootId = RootLabel.Substring(RootLabel.Length - 8);
            _command = new Lazy<string?>(Detect, LazyThreadSafetyMode.ExecutionAndPublication);
            _controllers = new Lazy<IReadOnlySet<string>?>(Controllers, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary><c>docker</c> or <c>podman</c>, or null when neither answers.</summary>
        public string? Command => _command.Value;

        public bool IsPodman => Command == "podman";

        /// <summary><c>modelarts-local.root=&lt;hash of the data root&gt;</c>: what this service created.</summary>
        public string RootLabel { get; }

        /// <summary>A short form of the data root's hash that keeps names of services on other data roots apart.</summary>
        public string RootId { get; }

        /// <summary>Exists once this data root has run a container; a service that never did has nothing to reap.</summary>
        public string Directory { get; }

        /// <summary>The environment every call of the engine gets, the workers' <c>run</c> included.</summary>
        public IReadOnlyDictionary<string, string> Environment => IsPodman
            ? new Dictionary<string, string> { ["CONTAINERS_CONF"] = Path.Combine(Directory, "containers.conf") }
            : new Dictionary<string, string>();

        /// <summary>
        /// Whether containers can be limited by this cgroup controller (<c>cpu</c>, <c>memory</c>): podman lists the
        /// ones it can use (a rootless podman on cgroup v1 has none); docker does not say, and ignores limits it cannot set.
        /// </summary>
        public bool CanLimit(string controller) => _controllers.Value?.Contains(controller) ?? true;

        /// <summary>Runs one management command (not a worker) to its end.</summary>
        public ContainerAnswer Call(params string[] arguments)
        {
            var start = new ProcessStartInfo(Command ?? throw new InvalidOperationException("No container runtime was found."))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            Array.ForEach(arguments, start.ArgumentList.Add);
            foreach (var (name, value) in Environment)
            {
                start.Environment[name] = value;
            }
            return Run(start, CallTimeout);
        }

        private string? Detect()
        {
            WriteConfig();
            foreach (var candidate in new[] { "docker", "podman" })
            {
                var start = new ProcessStartInfo(candidate, "info") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
                start.Environment["CONTAINERS_CONF"] = Path.Combine(Directory, "containers.conf");
                try
                {
                    if (Run(start, TimeSpan.FromSeconds(30)).Succeeded)
                    {
                        return candidate;
                    }
                }
                catch (Win32Exception)
                {
                    // Not installed: try the next one.
                }
            }
            return null;
        }

        private HashSet<string>? Controllers()
        {
            if (!IsPodman)
            {
                return null;
            }
            var answer = Call("info", "--format", "{{range .Host.CgroupControllers}}{{.}} {{end}}");
            return answer.Succeeded ? answer.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() : null;
        }

        private void WriteConfig()
        {
            System.IO.Directory.CreateDirectory(Directory);
            var config = new StringBuilder("[containers]\ndefault_ulimits = []\n");
            if (OnPath("runc"))
            {
                config.Append("\n[engine]\nruntime = \"runc\"\n");
            }
            File.WriteAllText(Path.Combine(Directory, "containers.conf"), config.ToString());
        }

        private static bool OnPath(string program) =>
            (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Concat(SystemDirectories)
                .Any(directory => File.Exists(Path.Combine(directory, program)));

        private static ContainerAnswer Run(ProcessStartInfo start, TimeSpan timeout)
        {
            using var process = Process.Start(start) ?? throw new Win32Exception("no process was started");
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(true);
                return new ContainerAnswer(-1, "", $"{start.FileName} {string.Join(' ', start.ArgumentList)} did not answer within {timeout.TotalSeconds:0} s.");
            }
            return new ContainerAnswer(process.ExitCode, output.Result, error.Result);
        }
    }
}
