using System;

namespace ModelArts.Core.Models
{
    /// <summary>One event of a v2 training job (<c>GET …/events</c>).</summary>
    public sealed class TrainingJobEvent
    {
        internal TrainingJobEvent()
        {
        }

        public string JobId { get; internal set; } = string.Empty;

        public DateTimeOffset? Time { get; internal set; }

        /// <summary>Info, Warning or Error.</summary>
        public string Level { get; internal set; } = string.Empty;

        public string? Source { get; internal set; }

        public string Message { get; internal set; } = string.Empty;

        public override string ToString() => Time + " " + Level + " " + Message;
    }
}
