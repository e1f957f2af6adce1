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

        /// <summary>The status, typed (v1's JOBSTAT_* code; on v2 its phase as the first code of that phase), for scripts and sorting.</summary>
        public JobStatus StatusCode { get; internal set; }

        /// <summary>
        /// The status by name (Running, Completed, …). A string on purpose: ConvertTo-Json writes an enum as its number,
        /// and this is what an export should show; <see cref="StatusCode"/> is the typed value.
        /// </summary>
        public string Status => StatusCode.ToString();

        /// <summary>The status in v2's words (Creating, Pending, Running, Completed, Failed, Terminating, Terminated, Abnormal), for both APIs.</summary>
        public string Phase => StatusCode.Phase();

        public DateTimeOffset CreateTime { get; internal set; }

        public TimeSpan Duration { get; internal set; }

        /// <summary><see cref="Duration"/> in seconds (milliseconds as fractions): a number every export writes the same way.</summary>
        public double DurationSeconds => Math.Round(Duration.TotalSeconds, 3);

        public int VersionCount { get; internal set; }

        /// <summary>The flavor the job runs on (v2; null on v1, whose list rows do not carry it: pipe the row to Get-MaTrainingJob).</summary>
        public string? FlavorCode { get; internal set; }

        /// <summary>The job's output directory, <c>train_url</c> (v2; null on v1, as <see cref="FlavorCode"/>).</summary>
        public string? OutputPath { get; internal set; }

        public override string ToString() => Name + " (" + Status + ")";
    }
}
