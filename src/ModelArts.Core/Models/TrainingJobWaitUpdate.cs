using System;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Models
{
    public enum TrainingJobWaitUpdateKind
    {
        /// <summary>The job was read and is still running: <see cref="TrainingJobWaitUpdate.Job"/> is its state now.</summary>
        Running,

        /// <summary>The job reached a terminal status: <see cref="TrainingJobWaitUpdate.Job"/> is final.</summary>
        Ended,

        /// <summary>Reading the job failed for good: <see cref="TrainingJobWaitUpdate.Error"/> says why; the job is not waited for any more.</summary>
        Failed,

        /// <summary>The wait's time ran out with the job still running (<see cref="TrainingJobWaitUpdate.Job"/>) or unreadable (<see cref="TrainingJobWaitUpdate.Error"/>).</summary>
        TimedOut,

        /// <summary>A round of polls is over: <see cref="TrainingJobWaitUpdate.Pending"/> of <see cref="TrainingJobWaitUpdate.Total"/> jobs still run.</summary>
        Round,
    }

    /// <summary>What a wait for training jobs reports as it goes, for a caller to show.</summary>
    public sealed class TrainingJobWaitUpdate
    {
        internal TrainingJobWaitUpdate(
            TrainingJobWaitUpdateKind kind, int index, string jobId, TrainingJob? job, ModelArtsException? error, TimeSpan elapsed, int total, int pending)
        {
            Kind = kind;
            Index = index;
            JobId = jobId;
            Job = job;
            Error = error;
            Elapsed = elapsed;
            Total = total;
            Pending = pending;
        }

        public TrainingJobWaitUpdateKind Kind { get; }

        /// <summary>The job's place in the list waited for, from 1; 0 for <see cref="TrainingJobWaitUpdateKind.Round"/>.</summary>
        public int Index { get; }

        /// <summary>The job's id; empty for <see cref="TrainingJobWaitUpdateKind.Round"/>.</summary>
        public string JobId { get; }

        /// <summary>The job as last read; null when it could not be read yet.</summary>
        public TrainingJob? Job { get; }

        public ModelArtsException? Error { get; }

        /// <summary>Time since the wait began.</summary>
        public TimeSpan Elapsed { get; }

        public int Total { get; }

        public int Pending { get; }
    }
}
