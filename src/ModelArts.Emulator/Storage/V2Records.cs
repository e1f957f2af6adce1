using System.Collections.Generic;

namespace ModelArts.Emulator.Storage
{
    internal sealed record V2Parameter(string Name, string Value, string? Description);

    /// <summary>An input channel: an OBS folder or a dataset version, made available at <see cref="LocalDir"/>.</summary>
    internal sealed record V2Input(string Name, string? Description, string AccessMethod, string LocalDir, string? ObsUrl, string? DatasetId, string? DatasetVersionId);

    /// <summary>An output channel: <see cref="LocalDir"/> is copied to <see cref="ObsUrl"/> while the job runs and when it ends.</summary>
    internal sealed record V2Output(string Name, string? Description, string AccessMethod, string LocalDir, string ObsUrl);

    /// <summary>A v2 job's validated create body, stored as JSON; OBS paths are kept as the client wrote them, for the echo.</summary>
    internal sealed record V2JobSpec
    {
        public string Kind { get; init; } = "job";
        public IReadOnlyDictionary<string, string>? Annotations { get; init; }
        public string? CodeDir { get; init; }
        public string? BootFile { get; init; }

        /// <summary>The boot file's path relative to the code folder, whichever OBS form the two were written in.</summary>
        public string? BootPath { get; init; }
        public string? Command { get; init; }
        public string? EngineId { get; init; }
        public string? ImageUrl { get; init; }
        public string? WorkingDir { get; init; }
        public IReadOnlyList<V2Parameter> Parameters { get; init; } = new List<V2Parameter>();
        public IReadOnlyList<V2Input> Inputs { get; init; } = new List<V2Input>();
        public IReadOnlyList<V2Output> Outputs { get; init; } = new List<V2Output>();
        public IReadOnlyDictionary<string, string> Environments { get; init; } = new Dictionary<string, string>();
        public string FlavorId { get; init; } = "";
        public int NodeCount { get; init; } = 1;
        public string? LogExportPath { get; init; }
    }

    /// <summary>
    /// A v2 training job. <see cref="RunId"/> is its key in the job runner; <see cref="Id"/> (a UUID) is its key on
    /// the wire. <see cref="Status"/> holds a v1 status code, which <c>V2Phase</c> names as a v2 phase. <see cref="Tasks"/>
    /// is how each worker ended, null until the job has run to an end.
    /// </summary>
    internal sealed record V2JobRecord(
        long RunId,
        string Id,
        string Name,
        string Description,
        string WorkspaceId,
        V2JobSpec Spec,
        int Status,
        long CreateTime,
        long? StartTime,
        long? EndTime,
        IReadOnlyList<TaskOutcome>? Tasks)
    {
        /// <summary>Milliseconds run so far, or in all once the job has ended.</summary>
        public long Duration(long now) => StartTime is long start ? (EndTime ?? now) - start : 0;
    }
}
