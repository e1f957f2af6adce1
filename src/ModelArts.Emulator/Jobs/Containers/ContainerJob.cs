using System.Collections.Generic;
using ModelArts.Emulator.Catalog;

namespace ModelArts.Emulator.Jobs.Containers
{
    /// <summary>A host directory seen inside the container at <paramref name="Target"/>.</summary>
    internal sealed record ContainerMount(string Source, string Target, bool ReadOnly);

    /// <summary>
    /// A custom-image run as the container planner needs it: the run's name (unique in the data root, e.g. a v1
    /// version id; it names the containers and the network), the image URL as the user gave it, the command,
    /// where things are mounted, and per worker its address and environment (in worker order).
    /// </summary>
    internal sealed record ContainerJob(
        string Run,
        string ImageUrl,
        string Command,
        string WorkingDirectory,
        IReadOnlyList<ContainerMount> Mounts,
        IReadOnlyList<WorkerAddress> Workers,
        IReadOnlyList<IReadOnlyDictionary<string, string>> Environments,
        Flavor? Flavor,
        string StateDirectory);
}
