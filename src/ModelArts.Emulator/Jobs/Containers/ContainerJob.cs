using System.Collections.Generic;
using ModelArts.Emulator.Catalog;

namespace ModelArts.Emulator.Jobs.Containers
{
    /// <summary>A host directory seen inside the container at <paramref name="Target"/>.</summary>
    internal sealed record ContainerMount(string Source, string Target, bool ReadOnly);

    /// <summary>
    /// A custom-image version as the container planner needs it: the image URL as the user gave it, the
    /// user command, where things are mounted, and per worker its address and environment (in worker order).
    /// </summary>
    internal sealed record ContainerJob(
        long VersionId,
        string ImageUrl,
        string Command,
        string WorkingDirectory,
        IReadOnlyList<ContainerMount> Mounts,
        IReadOnlyList<WorkerAddress> Workers,
        IReadOnlyList<IReadOnlyDictionary<string, string>> Environments,
        Flavor? Flavor,
        string StateDirectory);
}
