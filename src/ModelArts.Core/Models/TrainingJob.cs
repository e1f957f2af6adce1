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

        public JobStatus Status { get; internal set; }

        /// <summary>The status in v2's words (Creating, Pending, Running, Completed, Failed, Terminating, Terminated, Abnormal), for both APIs.</summary>
        public string Phase => Status.Phase();

        /// <summary>The job's tasks on v2 (worker-0, …); empty on v1.</summary>
        public IReadOnlyList<string> Tasks { get; internal set; } = Array.Empty<string>();

        /// <summary>Why the job failed, where the service says (v2 task status message).</summary>
        public string? FailureReason { get; internal set; }

        public int? ExitCode { get; internal set; }

        public DateTimeOffset CreateTime { get; internal set; }

        public DateTimeOffset? StartTime { get; internal set; }

        public TimeSpan Duration { get; internal set; }

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

        public IReadOnlyList<Hyperparameter> Hyperparameters { get; internal set; } = Array.Empty<Hyperparameter>();

        public string? ResourceId { get; internal set; }

        public long? PreVersionId { get; internal set; }

        public override string ToString() => Name + " " + VersionName + " (" + Status + ")";
    }
}
