using System.Collections.Generic;

namespace ModelArts.Emulator.Jobs.Containers
{
    /// <summary>A host directory seen inside the container at <paramref name="Target"/>.</summary>
    internal sealed record ContainerMount(string Source, string Target, bool ReadOnly);

    /// <summary>
    /// A custom-image run as the container planner needs it: the run's name (unique in the data root, e.g. a v1
    /// version id; it names the containers and the network), the image URL as the user gave it, the command,
    /// where things are mounted, per worker its address and environment (in worker order), and the flavor's
    /// cores and memory (GiB), when it names them.
    /// </summary>
    internal sealed record ContainerJob(
        string Run,
        string ImageUrl,
        string Command,
        string WorkingDirectory,
        IReadOnlyList<ContainerMount> Mounts,
        IReadOnlyList<WorkerAddress> Workers,
        IReadOnlyList<IReadOnlyDictionary<string, string>> Environments,
        double? Cores,
        double? MemoryGib);
}
