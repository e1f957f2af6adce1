using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelArts.Core.Models
{
    /// <summary>
    /// Why a job ended without completing, as one message: its status word and the last lines of its log, so that a CI
    /// log keeps the cause after the service (or the job's log) is gone.
    /// </summary>
    public sealed class JobFailureSummary
    {
        internal JobFailureSummary(TrainingJob job, IReadOnlyList<LogLine> lastLines, string? logProblem)
        {
            Job = job;
            LastLines = lastLines;
            LogProblem = logProblem;
        }

        public TrainingJob Job { get; }

        /// <summary>The last lines of every worker's log, worker 0 first.</summary>
        public IReadOnlyList<LogLine> LastLines { get; }

        /// <summary>Why the log could not be read, when it could not; the summary is still given.</summary>
        public string? LogProblem { get; }

        public string Message
        {
            get
            {
                var text = new StringBuilder();
                text.Append("Training job '").Append(Job.Name).Append("' (").Append(Job.JobId);
                if (Job.VersionId != 0)
                {
                    text.Append(", version ").Append(Job.VersionName ?? Job.VersionId.ToString(CultureInfo.InvariantCulture))
                        .Append(") ended with status ").Append(Job.Status).Append('.');
                }
                else
                {
                    // A v2 job has no version; it says its phase, and why it failed where the service tells.
                    text.Append(") ended ").Append(Job.Phase);
                    if (Job.ExitCode.HasValue)
                    {
                        text.Append(" with exit code ").Append(Job.ExitCode.Value.ToString(CultureInfo.InvariantCulture));
                    }
                    text.Append(string.IsNullOrEmpty(Job.FailureReason) ? "." : ": " + Job.FailureReason);
                }
                if (LogProblem != null)
                {
                    text.Append(" Its log could not be read: ").Append(LogProblem);
                }
                else if (LastLines.Count == 0)
                {
                    text.Append(" Its log is empty.");
                }
                else
                {
                    var several = LastLines.Select(l => l.Worker).Distinct().Count() > 1;
                    text.Append(" The last lines of its log:");
                    foreach (var line in LastLines)
                    {
                        text.Append(Environment.NewLine).Append("  ");
                        if (several)
                        {
                            text.Append(LogLinePrefix.Of(line));
                        }

                        text.Append(line.Line);
                    }
                }

                return text.ToString();
            }
        }

        public override string ToString() => Message;
    }
}
