using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using ModelArts.Emulator.Options;

namespace ModelArts.Emulator.Jobs.Containers
{
    /// <summary>
    /// Turns a custom-image version into one <c>run</c> per worker: the image (mapped to a local name by
    /// <c>--image-map</c>, pulled only with <c>--pull-images</c>), a network of the job's own on which every
    /// worker answers to its host name, the flavor's CPUs and memory as limits (no more than the machine has),
    /// the mounts, the environment (from an owner-only file, so values never show in a process list) and
    /// <c>/bin/sh -c user_command</c> as the entry point.
    /// </summary>
    internal sealed class ContainerPlanner
    {
        private readonly ContainerRuntime _runtime;
        private readonly EmulatorOptions _options;

        public ContainerPlanner(ContainerRuntime runtime, EmulatorOptions options)
        {
            _runtime = runtime;
            _options = options;
        }

        /// <summary>False when neither docker nor podman answers on this machine.</summary>
        public bool Available => _runtime.Command != null;

        public LaunchPlan Plan(ContainerJob job)
        {
            var image = _options.ImageMap.TryGetValue(job.ImageUrl, out var local) ? local : job.ImageUrl;
            var shownImage = image == job.ImageUrl ? image : $"{job.ImageUrl} (local image {image})";
            var notes = new List<string>();
            if (!ImageExists(image))
            {
                if (!_options.PullImages)
                {
                    throw new JobStartException(
                        $"The image {shownImage} is not on this machine ({_runtime.Command} images), and the local service pulls no image " +
                        "unless started with --pull-images. Load or build it, map the URL to a local image with --image-map URL=NAME, " +
                        "or run user_command on the host with --run-images-on-host.");
                }
                var pull = _runtime.Call("pull", image);
                if (!pull.Succeeded)
                {
                    throw new JobStartException($"The image {shownImage} could not be pulled: {pull.Reason}");
                }
                notes.Add($"Pulled {image} (--pull-images).");
            }
            RequirePassable(job);
            var state = StateDirectory(job);
            Directory.CreateDirectory(state);
            var environmentFiles = Enumerable.Range(0, job.Workers.Count).Select(i => WriteEnvironmentFile(job, i)).ToList();
            var network = Name(job.Run);
            var addresses = CreateNetwork(network, job);
            var limits = Limits(job);
            var workers = new List<WorkerCommand>();
            for (var i = 0; i < job.Workers.Count; i++)
            {
                var container = Name(job.Run) + "-" + i.ToString(CultureInfo.InvariantCulture);
                var arguments = new List<string>
                {
                    // The image was checked (or pulled) above; run itself never fetches one.
                    "run", "--rm", "--pull", "never", "--name", container,
                    "--label", _runtime.RootLabel, "--label", RunLabel(job.Run),
                    "--network", network, "--hostname", job.Workers[i].Host,
                    "--env-file", environmentFiles[i],
                    "-w", job.WorkingDirectory,
                };
                if (addresses != null)
                {
                    arguments.AddRange(new[] { "--ip", addresses[i] });
                    arguments.AddRange(job.Workers.Select((w, other) => (w, other)).Where(p => p.other != i)
                        .SelectMany(p => new[] { "--add-host", p.w.Host + ":" + addresses[p.other] }));
                }
                else
                {
                    arguments.AddRange(new[] { "--network-alias", job.Workers[i].Host });
                }
                var output = _runtime.IsPodman ? Path.Combine(state, "output-" + i.ToString(CultureInfo.InvariantCulture) + ".log") : null;
                if (output != null)
                {
                    // The attached stream can lose what a container printed just before it exited; conmon's log file
                    // cannot. "-a stdin" keeps the client in the foreground until the container ends, with its exit code.
                    arguments.AddRange(new[] { "-a", "stdin", "--log-driver", "k8s-file", "--log-opt", "path=" + output });
                }
                arguments.AddRange(limits.Arguments);
                arguments.AddRange(job.Mounts.SelectMany(m => new[] { "-v", m.Source + ":" + m.Target + (m.ReadOnly ? ":ro" : "") }));
                arguments.AddRange(new[] { image, "/bin/sh", "-c", job.Command });
                // The client gets no more of the service's environment than any worker; the job's own goes in the env file.
                workers.Add(new WorkerCommand(_runtime.Command!, arguments, JobEnvironment.ForHost(_runtime.Environment), state)
                {
                    Stop = () => Remove(container),
                    OutputFile = output,
                });
            }
            notes.Add($"Running image {shownImage} with {_runtime.Command} on {job.Workers.Count} worker(s), network {network}" +
                (limits.Shown.Length > 0 ? ", " + limits.Shown : "") + ".");
            return new LaunchPlan(workers, notes) { Release = () => Release(network, job) };
        }

        private bool ImageExists(string image) =>
            (_runtime.IsPodman ? _runtime.Call("image", "exists", image) : _runtime.Call("image", "inspect", image)).Succeeded;

        /// <summary>
        /// Creates the job's network. Podman without a DNS plugin resolves no container names, so on podman every
        /// worker gets a fixed address in the network's subnet and the others' names in its hosts file; returns
        /// those addresses, or null where the engine's own DNS resolves the aliases (docker).
        /// </summary>
        private List<string>? CreateNetwork(string network, ContainerJob job)
        {
            var created = _runtime.Call("network", "create", "--label", _runtime.RootLabel, "--label", RunLabel(job.Run), network);
            if (!created.Succeeded)
            {
                throw new JobStartException($"The job's container network {network} could not be created: {created.Reason}");
            }
            if (!_runtime.IsPodman)
            {
                return null;
            }
            var subnet = _runtime.Call("network", "inspect", network, "--format", "{{range .Subnets}}{{.Subnet}} {{end}}").Output
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.Contains('.'));
            if (subnet == null || !IPAddress.TryParse(subnet.Split('/')[0], out var network0))
            {
                Release(network, job);
                throw new JobStartException($"The job's container network {network} has no IPv4 subnet.");
            }
            var bytes = network0.GetAddressBytes();
            // .1 is the gateway; the workers follow it.
            return Enumerable.Range(0, job.Workers.Count)
                .Select(i => new IPAddress(new byte[] { bytes[0], bytes[1], bytes[2], (byte)(bytes[3] + 2 + i) }).ToString())
                .ToList();
        }

        private (IReadOnlyList<string> Arguments, string Shown) Limits(ContainerJob job)
        {
            var arguments = new List<string>();
            var shown = new List<string>();
            if (job.Cores is double cores && cores > 0)
            {
                var cpus = Math.Min(cores, System.Environment.ProcessorCount);
                if (_runtime.CanLimit("cpu"))
                {
                    arguments.AddRange(new[] { "--cpus", cpus.ToString(CultureInfo.InvariantCulture) });
                    shown.Add($"{cpus.ToString(CultureInfo.InvariantCulture)} CPU(s)");
                }
                else
                {
                    shown.Add("no CPU limit (the engine cannot use the cpu cgroup here)");
                }
            }
            if (job.MemoryGib is double gib && gib > 0)
            {
                var machine = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
                var mebibytes = (long)(Math.Min(gib, machine) * 1024);
                if (_runtime.CanLimit("memory"))
                {
                    arguments.AddRange(new[] { "--memory", mebibytes.ToString(CultureInfo.InvariantCulture) + "m" });
                    shown.Add($"{mebibytes} MiB memory per worker");
                }
                else
                {
                    shown.Add("no memory limit (the engine cannot use the memory cgroup here)");
                }
            }
            return (arguments, string.Join(", ", shown));
        }

        /// <summary>An env file holds one NAME=VALUE a line, so a name with '=' or a value spanning lines cannot be passed.</summary>
        private static void RequirePassable(ContainerJob job)
        {
            var bad = job.Environments.SelectMany(e => e).FirstOrDefault(e => e.Value.Contains('\n') || e.Value.Contains('\r') || e.Key.Contains('='));
            if (bad.Key != null)
            {
                throw new JobStartException($"The environment variable {bad.Key} cannot be passed to a container: its name has '=' or its value spans lines.");
            }
        }

        /// <summary>An owner-only env file in the run's state directory.</summary>
        private string WriteEnvironmentFile(ContainerJob job, int worker)
        {
            var path = EnvironmentPath(job, worker);
            var text = string.Concat(job.Environments[worker].Select(e => e.Key + "=" + e.Value + "\n"));
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options))
            {
                writer.Write(text);
            }
            return path;
        }

        private void Release(string network, ContainerJob job)
        {
            RemoveNetwork(network);
            Directory.Delete(StateDirectory(job), recursive: true);
        }

        /// <summary>
        /// <c>&lt;data-root&gt;/containers/&lt;run&gt;/</c>: the run's files for the engine, outside every mount, so that no
        /// container sees the others' environment.
        /// </summary>
        public string StateDirectory(ContainerJob job) => Path.Combine(_runtime.Directory, job.Run);

        private string EnvironmentPath(ContainerJob job, int worker) => Path.Combine(StateDirectory(job), "env-" + worker.ToString(CultureInfo.InvariantCulture));

        /// <summary>On podman -f also removes a container whose <c>--rm</c> clean-up has not finished yet.</summary>
        public void RemoveNetwork(string network) =>
            _runtime.Call(_runtime.IsPodman ? new[] { "network", "rm", "-f", network } : new[] { "network", "rm", network });

        /// <summary>Removes a container at once: killing the <c>run</c> client leaves the container running.</summary>
        public void Remove(string container) =>
            _runtime.Call(_runtime.IsPodman ? new[] { "rm", "-f", "-t", "0", container } : new[] { "rm", "-f", container });

        private string Name(string run) => "ma-" + _runtime.RootId + "-" + run;

        private static string RunLabel(string run) => ContainerRuntime.LabelPrefix + "run=" + run;
    }
}
