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

namespace ModelArts.Emulator.Jobs.V2
{
    /// <summary>
    /// v2 run semantics: the code folder and every input are copied into the job's area at the <c>local_dir</c>s the
    /// service reported, the script gets those local paths (<c>--data_url=&lt;local dir&gt;</c>, or environment
    /// variables with <c>access_method: env</c>), and every worker gets the ModelArts v2 environment.
    /// </summary>
    internal sealed class V2LaunchPlanner
    {
        private readonly DataRoot _root;
        private readonly EmulatorOptions _options;
        private readonly V2JobCatalog _catalog;
        private readonly ContainerPlanner _containers;

        /// <summary>Where ModelArts puts a v2 job's home in its containers.</summary>
        private const string ContainerHome = "/home/ma-user";

        public V2LaunchPlanner(DataRoot root, EmulatorOptions options, V2JobCatalog catalog, ContainerPlanner containers)
        {
            _root = root;
            _options = options;
            _catalog = catalog;
            _containers = containers;
        }

        public LaunchPlan Plan(V2JobRecord job)
        {
            var spec = job.Spec;
            var area = new V2JobArea(_root, job.Id);
            Directory.CreateDirectory(area.JobDir);
            var codeCopy = spec.CodeDir == null ? area.JobDir : CopyCode(spec.CodeDir, area);
            foreach (var input in spec.Inputs)
            {
                CopyInput(input);
            }
            foreach (var output in spec.Outputs)
            {
                Directory.CreateDirectory(output.LocalDir);
            }
            var flavor = _catalog.Flavor(spec.FlavorId);
            var notes = new List<string>();
            if (flavor is { GpuNum: > 0 })
            {
                notes.Add($"Flavor {flavor.FlavorId} has {flavor.GpuNum} GPU(s) ({flavor.GpuProduct}); the local service runs the job on this machine's CPU.");
            }
            var channelArguments = spec.Inputs.Where(i => i.AccessMethod == "parameter").Select(i => (i.Name, i.LocalDir))
                .Concat(spec.Outputs.Where(o => o.AccessMethod == "parameter").Select(o => (o.Name, o.LocalDir)))
                .Select(c => $"--{c.Name}={c.LocalDir}")
                .Concat(spec.Parameters.Select(p => $"--{p.Name}={p.Value}"))
                .ToList();
            var channelVariables = spec.Inputs.Where(i => i.AccessMethod == "env").Select(i => KeyValuePair.Create(i.Name, i.LocalDir))
                .Concat(spec.Outputs.Where(o => o.AccessMethod == "env").Select(o => KeyValuePair.Create(o.Name, o.LocalDir)))
                .ToList();
            Dictionary<string, string> Environment(int index) =>
                JobEnvironment.V2(job.Id, area.Home, index, spec.NodeCount, flavor?.GpuNum ?? 0, spec.Environments, channelVariables);

            if (spec.Command == null)
            {
                var bootFile = Path.Combine(codeCopy, spec.BootPath!);
                if (!File.Exists(bootFile))
                {
                    throw new JobStartException($"The boot file {spec.BootFile} does not exist.");
                }
                var engine = spec.EngineId == null ? null : _catalog.EngineById(spec.EngineId);
                var (program, arguments) = LaunchPlanner.Interpreter(_options, bootFile, engine?.LocalInterpreter is "python" or null ? null : engine.LocalInterpreter);
                arguments.AddRange(channelArguments);
                notes.Add($"Running {Path.GetFileName(bootFile)} with {program} (engine {engine?.EngineId}) on {spec.NodeCount} worker(s).");
                return new LaunchPlan(Workers(spec.NodeCount, i => new WorkerCommand(program, arguments, JobEnvironment.ForHost(Environment(i)), codeCopy)), notes);
            }
            var command = spec.Command + string.Concat(channelArguments.Select(a => " " + ShellQuote(a)));
            // --run-images-on-host is asked for explicitly, so it wins over a container runtime that happens to be installed.
            if (spec.ImageUrl != null && !_options.RunImagesOnHost && _containers.Available)
            {
                var inside = spec.Command + string.Concat(channelArguments.Select(a => " " + ShellQuote(a.Replace(area.Home, ContainerHome, StringComparison.Ordinal))));
                var plan = _containers.Plan(ContainerRun(job, area, codeCopy, flavor, channelVariables, inside));
                return plan with { Notes = notes.Concat(plan.Notes).ToList() };
            }
            if (spec.ImageUrl != null && !_options.RunImagesOnHost)
            {
                throw new JobStartException(
                    $"Custom image {spec.ImageUrl} cannot run: neither docker nor podman with a working engine was found on this machine. " +
                    "Start the local service with --run-images-on-host to run the command directly on the host.");
            }
            notes.Add(spec.ImageUrl != null
                ? $"No container runtime: running the command on the host (--run-images-on-host); the image {spec.ImageUrl} is not pulled."
                : $"Running the command on the host with bash (engine {spec.EngineId}).");
            return new LaunchPlan(Workers(spec.NodeCount, i => new WorkerCommand("bash", new[] { "-c", command }, JobEnvironment.ForHost(Environment(i)), codeCopy)), notes);
        }

        /// <summary>Copies every output's local_dir to its OBS path (what is there is replaced file by file, nothing is deleted).</summary>
        public void UploadOutputs(V2JobRecord job)
        {
            foreach (var output in job.Spec.Outputs.Where(o => Directory.Exists(o.LocalDir)))
            {
                LaunchPlanner.CopyTree(output.LocalDir, Map(output.ObsUrl), output.LocalDir);
            }
        }

        /// <summary>ModelArts downloads code_dir to <c>${MA_JOB_DIR}/&lt;its last folder&gt;</c>.</summary>
        private string CopyCode(string codeDir, V2JobArea area)
        {
            var name = codeDir.TrimEnd('/').Split('/').Last();
            var target = Path.Combine(area.JobDir, name);
            LaunchPlanner.CopyTree(Map(codeDir), target, codeDir);
            return target;
        }

        private void CopyInput(V2Input input)
        {
            var source = input.ObsUrl != null ? Map(input.ObsUrl) : Dataset(input);
            if (File.Exists(source))
            {
                Directory.CreateDirectory(input.LocalDir);
                File.Copy(source, Path.Combine(input.LocalDir, Path.GetFileName(source)), overwrite: true);
                return;
            }
            LaunchPlanner.CopyTree(source, input.LocalDir, input.ObsUrl ?? $"dataset {input.DatasetId} version {input.DatasetVersionId}");
        }

        private string Dataset(V2Input input)
        {
            try
            {
                return _root.DatasetDirectory(input.DatasetId!, input.DatasetVersionId!);
            }
            catch (PathRefusedException e)
            {
                throw new JobStartException(e.Message);
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

        /// <summary>
        /// In a container the job's area is ModelArts's own <c>/home/ma-user</c>: code, inputs and outputs sit where
        /// ModelArts puts them, the v2 variables name those paths, and <c>VC_WORKER_HOSTS</c> names the workers'
        /// containers on the job's network (<c>MA_CURRENT_IP</c> is the worker's own name there, which resolves to its address).
        /// </summary>
        private static ContainerJob ContainerRun(V2JobRecord job, V2JobArea area, string codeCopy, V2Flavor? flavor,
            IEnumerable<KeyValuePair<string, string>> channelVariables, string command)
        {
            var spec = job.Spec;
            var workers = WorkerAddress.InContainers("modelarts-job-" + job.Id, spec.NodeCount);
            var variables = channelVariables.Select(v => KeyValuePair.Create(v.Key, Inside(area, v.Value))).ToList();
            var environments = Enumerable.Range(0, spec.NodeCount).Select(i =>
            {
                var environment = JobEnvironment.V2(job.Id, ContainerHome, i, spec.NodeCount, flavor?.GpuNum ?? 0, spec.Environments, variables);
                environment["VC_WORKER_HOSTS"] = string.Join(",", workers.Select(w => w.Host));
                environment["MA_CURRENT_IP"] = workers[i].Host;
                return (IReadOnlyDictionary<string, string>)environment;
            }).ToList();
            return new ContainerJob("v2-" + job.RunId.ToString(CultureInfo.InvariantCulture), spec.ImageUrl!, command, Inside(area, codeCopy),
                new[] { new ContainerMount(area.Home, ContainerHome, ReadOnly: false) }, workers, environments, flavor?.CoreNum, flavor?.MemoryGb);
        }

        private static string Inside(V2JobArea area, string path) =>
            path.StartsWith(area.Home, StringComparison.Ordinal) ? string.Concat(ContainerHome, path.AsSpan(area.Home.Length)) : path;

        private static List<WorkerCommand> Workers(int count, Func<int, WorkerCommand> worker) => Enumerable.Range(0, count).Select(worker).ToList();

        private static string ShellQuote(string argument) => "'" + argument.Replace("'", "'\\''") + "'";
    }
}
