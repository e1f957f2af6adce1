using System.Collections.Generic;

namespace ModelArts.Emulator.Storage
{
    /// <summary>The v1 job status codes the local service moves through (the full table is in the reference).</summary>
    internal static class JobStatus
    {
        public const int Init = 1;
        public const int Waiting = 7;
        public const int Running = 8;
        public const int Killing = 9;
        public const int Completed = 10;
        public const int Failed = 11;
        public const int Killed = 12;
        public const int Lost = 14;

        private static readonly HashSet<int> Terminal = new HashSet<int> { 3, 5, 10, 11, 12, 13, 14, 16, 17, 21, 22 };

        public static bool IsTerminal(int status) => Terminal.Contains(status);

        /// <summary>The terminal codes as an SQL list, for updates that must not move an ended job.</summary>
        public static string TerminalSqlList => string.Join(", ", Terminal);
    }

    internal sealed record Hyperparameter(string Label, string Value);

    /// <summary>How one worker ended: its exit code (null when it never started) and, unless it succeeded, why.</summary>
    internal sealed record TaskOutcome(int? ExitCode, string? Message);

    internal sealed record DataSourceEntry(string Type, string? DataUrl, string? DatasetId, string? DatasetVersion);

    /// <summary>A version's validated <c>config</c>, stored as JSON in the wire's own names.</summary>
    internal sealed record JobConfig
    {
        public int WorkerServerNum { get; init; } = 1;
        public long SpecId { get; init; }
        public long? EngineId { get; init; }
        public string? AppUrl { get; init; }
        public string? BootFileUrl { get; init; }
        public IReadOnlyList<Hyperparameter> Parameter { get; init; } = new List<Hyperparameter>();
        public string? DataUrl { get; init; }
        public string? DatasetId { get; init; }
        public string? DatasetVersionId { get; init; }
        public IReadOnlyList<DataSourceEntry>? DataSource { get; init; }
        public string? TrainUrl { get; init; }
        public string? LogUrl { get; init; }
        public string? UserImageUrl { get; init; }
        public string? UserCommand { get; init; }
        public long? ModelId { get; init; }
    }

    internal sealed record JobRecord(long JobId, string JobName, string JobDesc, string WorkspaceId, long CreateTime);

    internal sealed record VersionRecord(
        long VersionId,
        long JobId,
        int VersionNumber,
        long? PreVersionId,
        JobConfig Config,
        int Status,
        long CreateTime,
        long? StartTime,
        long? EndTime,
        string ResourceId)
    {
        public string VersionName => "V" + VersionNumber.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Milliseconds run so far, or in all once the version has ended.</summary>
        public long Duration(long now) => StartTime is long start ? (EndTime ?? now) - start : 0;
    }

    /// <summary>A job with its newest version, as the job list shows it.</summary>
    internal sealed record JobSummary(JobRecord Job, VersionRecord Latest, int VersionCount);

    internal sealed record TokenRecord(string UserName, string? ProjectId, long IssuedAt, long ExpiresAt);

    /// <summary>
    /// A temporary AK/SK from <c>/v3.0/OS-CREDENTIAL/securitytokens</c>; requests signed with it carry the security token.
    /// <paramref name="ProjectId"/> is the scope of the token that bought it: null for a domain-scoped or unscoped token.
    /// </summary>
    internal sealed record TemporaryKey(string AccessKey, string SecretKey, string SecurityTokenHash, long ExpiresAt, string? ProjectId);
}
