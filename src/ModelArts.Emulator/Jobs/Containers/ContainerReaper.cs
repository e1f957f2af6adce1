using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ModelArts.Emulator.Jobs.Containers
{
    /// <summary>
    /// At start, before any job runs, removes the containers and networks a killed predecessor on the same data
    /// root left behind (found by their root label). A data root that never ran a container costs nothing here:
    /// the container engine is not even looked for.
    /// </summary>
    internal sealed partial class ContainerReaper : IHostedService
    {
        private readonly ContainerRuntime _runtime;
        private readonly ContainerPlanner _planner;
        private readonly ILogger<ContainerReaper> _logger;

        public ContainerReaper(ContainerRuntime runtime, ContainerPlanner planner, ILogger<ContainerReaper> logger)
        {
            _runtime = runtime;
            _planner = planner;
            _logger = logger;
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!Directory.Exists(_runtime.Directory) || _runtime.Command == null)
            {
                return Task.CompletedTask;
            }
            var filter = "label=" + _runtime.RootLabel;
            var containers = Names(_runtime.Call("ps", "-a", "--filter", filter, "--format", "{{.Names}}").Output);
            Array.ForEach(containers, _planner.Remove);
            var networks = Names(_runtime.Call("network", "ls", "--filter", filter, "--format", "{{.Name}}").Output);
            Array.ForEach(networks, _planner.RemoveNetwork);
            if (containers.Length + networks.Length > 0)
            {
                LogRemoved(containers.Length, networks.Length);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static string[] Names(string output) =>
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();

        [LoggerMessage(EventId = 0, Level = LogLevel.Warning,
            Message = "Removed {Containers} container(s) and {Networks} network(s) left over by a local service that stopped while jobs ran.")]
        private partial void LogRemoved(int containers, int networks);
    }
}
