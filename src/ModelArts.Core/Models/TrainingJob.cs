using System;
using System.Collections.Generic;

namespace ModelArts.Core.Models
{
    /// <summary>A training job as either API shows it: a v1 version, or a v2 job (whose version members stay empty).</summary>
    public sealed class TrainingJob
    {
        internal TrainingJob()
        {
        }

        /// <summary>A UUID on v2; on v1 the numeric id as its decimal string.</summary>
        public string JobId { get; internal set; } = string.Empty;

        public long VersionId { get; internal set; }

        public string Name { get; internal set; } = string.Empty;

        public string? VersionName { get; internal set; }

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

        /// <summary>The job's tasks on v2 (worker-0, …); empty on v1.</summary>
        public ReadableList<string> Tasks { get; internal set; } = ReadableList<string>.Empty;

        /// <summary>Why the job failed, where the service says (v2 task status message).</summary>
        public string? FailureReason { get; internal set; }

        /// <summary>The first failing v2 task's exit code, 0 when every task exited 0; null on v1, which does not report it.</summary>
        public int? ExitCode { get; internal set; }

        public DateTimeOffset CreateTime { get; internal set; }

        public DateTimeOffset? StartTime { get; internal set; }

        /// <summary>When the job ended (its start plus its duration); null while it has not ended or never started.</summary>
        public DateTimeOffset? EndedAt => StatusCode.IsTerminal() && StartTime.HasValue ? StartTime.Value + Duration : (DateTimeOffset?)null;

        public TimeSpan Duration { get; internal set; }

        /// <summary><see cref="Duration"/> in seconds (milliseconds as fractions): a number every export writes the same way.</summary>
        public double DurationSeconds => Math.Round(Duration.TotalSeconds, 3);

        public long? EngineId { get; internal set; }

        /// <summary>The engine name (<c>engine_name</c>), e.g. TensorFlow.</summary>
        public string? FrameworkType { get; internal set; }

        /// <summary>The engine version (<c>engine_version</c>), e.g. TF-1.8.0-python3.6.</summary>
        public string? FrameworkVersion { get; internal set; }

        public long? SpecId { get; internal set; }

        public string? FlavorCode { get; internal set; }

        public int WorkerCount { get; internal set; }

        /// <summary><c>app_url</c>.</summary>
        public string? CodeDir { get; internal set; }

        /// <summary><c>boot_file_url</c>.</summary>
        public string? BootFile { get; internal set; }

        public string? DataUrl { get; internal set; }

        /// <summary><c>train_url</c>.</summary>
        public string? OutputPath { get; internal set; }

        public string? LogUrl { get; internal set; }

        public string? DatasetId { get; internal set; }

        public string? DatasetVersionId { get; internal set; }

        public string? UserImageUrl { get; internal set; }

        public string? UserCommand { get; internal set; }

        /// <summary>The hyperparameters; exports show them as <c>label=value</c> pairs (see <see cref="ReadableList{T}"/>).</summary>
        public ReadableList<Hyperparameter> Hyperparameters { get; internal set; } = ReadableList<Hyperparameter>.Empty;

        public string? ResourceId { get; internal set; }

        public long? PreVersionId { get; internal set; }

        public override string ToString() => Name + " " + VersionName + " (" + Status + ")";
    }
}
