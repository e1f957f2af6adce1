using System;

namespace ModelArts.Core.Models
{
    /// <summary>A row of the job list; <see cref="VersionId"/> is the latest version.</summary>
    public sealed class TrainingJobSummary
    {
        internal TrainingJobSummary()
        {
        }

        /// <summary>A UUID on v2; on v1 the numeric id as its decimal string.</summary>
        public string JobId { get; internal set; } = string.Empty;

        public long VersionId { get; internal set; }

        public string Name { get; internal set; } = string.Empty;

        public string? Description { get; internal set; }

        public JobStatus Status { get; internal set; }

        public string Phase => Status.Phase();

        public DateTimeOffset CreateTime { get; internal set; }

        public TimeSpan Duration { get; internal set; }

        public int VersionCount { get; internal set; }

        public override string ToString() => Name + " (" + Status + ")";
    }
}
