using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Jobs.Containers;
using ModelArts.Emulator.Options;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>A job that cannot start; the message goes into its logs and the job ends FAILED.</summary>
    internal sealed class JobStartException : Exception
    {
        public JobStartException(string message) : base(message) { }
    }

    /// <summary>One worker's process.</summary>
    internal sealed record WorkerCommand(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory)
    {
        /// <summary>Set for container workers: removes the container, which outlives its killed <c>run</c> client.</summary>
        public Action? Stop { get; init; }

        /// <summary>
        /// Set for podman workers: the container's own log file, the complete record of its output. The <c>run</c>
        /// client then attaches no output and prints only the container's id.
        /// </summary>
        public string? OutputFile { get; init; }
    }

    /// <summary>What to run for every worker, and what the service says about it in the logs first.</summary>
    internal sealed record LaunchPlan(IReadOnlyList<WorkerCommand> Workers, IReadOnlyList<string> Notes)
    {
        /// <summary>Called once every worker has ended, e.g. to remove the job's container network.</summary>
        public Action? Release { get; init; }
    }

    /// <summary>Turns a version's config into worker commands: a working copy of the code, local data paths, the interpreter.</summary>
    internal sealed class LaunchPlanner
    {
        private readonly DataRoot _root;
        private readonly EmulatorOptions _options;
        private readonly JobCatalog _catalog;
        private readonly EngineInterpreter _engines;
        private readonly ContainerPlanner _containers;

        internal LaunchPlanner(DataRoot root, EmulatorOptions options, JobCatalog catalog, EngineInterpreter engines, ContainerPlanner containers)
        {
            _root = root;
            _options = options;
            _catalog = catalog;
            _engines = engines;
            _containers = containers;
        }

        public LaunchPlan Plan(JobRecord job, VersionRecord version)
        {
            var config = version.Config;
            var workingCopy = Path.Combine(_root.VersionDirectory(job.JobId, version.VersionId), "code");
            if (config.AppUrl != null)
            {
                CopyTree(Map(config.AppUrl), workingCopy, config.AppUrl);
            }
            Directory.CreateDirectory(workingCopy);
            var trainDirectory = config.TrainUrl == null ? null : Map(config.TrainUrl);
            if (trainDirectory != null)
            {
                Directory.CreateDirectory(trainDirectory);
            }
            return config.UserImageUrl != null
                ? PlanImage(job, version, workingCopy, trainDirectory)
                : PlanBootFile(job, version, workingCopy, trainDirectory);
        }

        private LaunchPlan PlanBootFile(JobRecord job, VersionRecord version, string workingCopy, string? trainDirectory)
        {
            var config = version.Config;
            var relative = config.BootFileUrl!.Substring(config.AppUrl!.Length);
            var bootFile = Path.Combine(workingCopy, relative);
            if (!File.Exists(bootFile))
            {
                throw new JobStartException($"The boot file {config.BootFileUrl} does not exist.");
            }
            var (interpreter, arguments) = Interpreter(_options, bootFile, _engines.For(config.EngineId));
            if (DataDirectory(config) is string data)
            {
                arguments.Add("--data_url=" + data);
            }
            if (trainDirectory != null)
            {
                arguments.Add("--train_url=" + trainDirectory);
            }
            arguments.AddRange(config.Parameter.Select(p => $"--{p.Label}={p.Value}"));
            var addresses = WorkerAddress.OnHost(config.WorkerServerNum);
            var workers = Enumerable.Range(0, config.WorkerServerNum)
                .Select(i => new WorkerCommand(interpreter, arguments, JobEnvironment.ForHost(Environment(job, version, i, addresses)), workingCopy))
                .ToList();
            return new LaunchPlan(workers, new[] { $"Running {Path.GetFileName(bootFile)} with {interpreter} on {config.WorkerServerNum} worker(s)." });
        }

        private LaunchPlan PlanImage(JobRecord job, VersionRecord version, string workingCopy, string? trainDirectory)
        {
            var config = version.Config;
            if (!_options.RunImagesOnHost && _containers.Available)
            {
                return _containers.Plan(ContainerJob(job, version, workingCopy, trainDirectory));
            }
            if (!_options.RunImagesOnHost)
            {
                throw new JobStartException(
                    $"Custom image {config.UserImageUrl} cannot run: neither docker nor podman with a working engine was found on this machine. " +
                    "Start the local service with --run-images-on-host to run user_command directly on the host.");
            }
            var addresses = WorkerAddress.OnHost(config.WorkerServerNum);
            var hostWorkers = Enumerable.Range(0, config.WorkerServerNum)
                .Select(i => new WorkerCommand("bash", new[] { "-c", config.UserCommand! }, JobEnvironment.ForHost(ImageEnvironment(job, version, i, addresses)), workingCopy))
                .ToList();
            return new LaunchPlan(hostWorkers, new[]
            {
                $"--run-images-on-host: running user_command on the host; the image {config.UserImageUrl} is not used.",
            });
        }

        /// <summary>
        /// v1 places the code folder under <c>/home/work/user-job-dir/</c> and runs there; the data and the
        /// output of the job are mounted at <c>/home/work/data</c> (read-only) and <c>/home/work/output</c>.
        /// </summary>
        private ContainerJob ContainerJob(JobRecord job, VersionRecord version, string workingCopy, string? trainDirectory)
        {
            var config = version.Config;
            const string jobDirectory = "/home/work/user-job-dir";
            // The job runs in the job directory, so a job without code gets it too (its working copy, empty): the engine
            // does not make a missing working directory.
            var mounts = new List<ContainerMount>
            {
                new ContainerMount(workingCopy, config.AppUrl != null ? jobDirectory + "/" + LastSegment(config.AppUrl) : jobDirectory, ReadOnly: false),
            };
            if (DataDirectory(config) is string data)
            {
                mounts.Add(new ContainerMount(data, "/home/work/data", ReadOnly: true));
            }
            if (trainDirectory != null)
            {
                mounts.Add(new ContainerMount(trainDirectory, "/home/work/output", ReadOnly: false));
            }
            var addresses = WorkerAddress.InContainers("job" + job.JobId.ToString(CultureInfo.InvariantCulture), config.WorkerServerNum);
            var environments = Enumerable.Range(0, config.WorkerServerNum)
                .Select(i => (IReadOnlyDictionary<string, string>)ImageEnvironment(job, version, i, addresses))
                .ToList();
            // v1 flavors give cores as "core" and memory in GiB as "cpu" (see resource-specs).
            var flavor = _catalog.FlavorById(config.SpecId);
            return new ContainerJob(version.VersionId.ToString(CultureInfo.InvariantCulture), config.UserImageUrl!, config.UserCommand!, jobDirectory, mounts, addresses, environments,
                Number(flavor?.Core), Number(flavor?.Cpu));
        }

        private static double? Number(string? text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

        private static string LastSegment(string obsDirectory) => obsDirectory.TrimEnd('/').Split('/').Last();

        private string? DataDirectory(JobConfig config)
        {
            if (config.DataUrl != null)
            {
                return Map(config.DataUrl);
            }
            if (config.DatasetId != null)
            {
                return _root.DatasetDirectory(config.DatasetId, config.DatasetVersionId!);
            }
            var source = config.DataSource is { Count: > 0 } sources ? sources[0] : null;
            return source == null ? null
                : source.DataUrl != null ? Map(source.DataUrl)
                : _root.DatasetDirectory(source.DatasetId!, source.DatasetVersion!);
        }

        private static Dictionary<string, string> Environment(JobRecord job, VersionRecord version, int index, IReadOnlyList<WorkerAddress> addresses)
        {
            var environment = JobEnvironment.V1(job.JobId, version.VersionId, index, version.Config.WorkerServerNum);
            WorkerAddress.AddV1Variables(environment, addresses);
            return environment;
        }

        /// <summary>Custom images get their hyperparameters as environment variables, as on ModelArts.</summary>
        private static Dictionary<string, string> ImageEnvironment(JobRecord job, VersionRecord version, int index, IReadOnlyList<WorkerAddress> addresses)
        {
            var environment = Environment(job, version, index, addresses);
            foreach (var parameter in version.Config.Parameter)
            {
                environment[parameter.Label] = parameter.Value;
            }
            return environment;
        }

        /// <summary>
        /// The program that runs a boot file, by its extension, with the arguments that name the file; python files run
        /// with <paramref name="python"/> when given (an engine's own interpreter), else with <c>--python</c>.
        /// </summary>
        internal static (string Program, List<string> Arguments) Interpreter(EmulatorOptions options, string bootFile, string? python = null) =>
            Path.GetExtension(bootFile).ToLowerInvariant() switch
            {
                ".ps1" => (options.Pwsh, new List<string> { "-NoProfile", "-NonInteractive", "-File", bootFile }),
                ".sh" => ("bash", new List<string> { bootFile }),
                _ => (python ?? options.Python, new List<string> { bootFile }),
            };

        /// <summary>Copies regular files and directories only; symbolic links are left out so nothing outside is read.</summary>
        internal static void CopyTree(string source, string target, string shownSource)
        {
            if (!Directory.Exists(source))
            {
                throw new JobStartException($"The directory {shownSource} does not exist.");
            }
            Directory.CreateDirectory(target);
            foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget != null)
                {
                    continue;
                }
                var destination = Path.Combine(target, entry.Name);
                if (entry is DirectoryInfo)
                {
                    CopyTree(entry.FullName, destination, shownSource);
                }
                else
                {
                    File.Copy(entry.FullName, destination, overwrite: true);
                }
            }
        }

        private string Map(string obsPath)
        {
            try
            {
                return _root.MapObs(obsPath);
            }
            catch (PathRefusedException e)
            {
                throw new JobStartException(e.Message);
            }
        }
    }
}
