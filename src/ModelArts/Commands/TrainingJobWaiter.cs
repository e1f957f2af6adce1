using System;
using System.Globalization;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Waits for training jobs to end, for Wait-MaTrainingJob and New-MaTrainingJob -Wait: one request per job and
    /// poll, adaptive intervals (short after a change, growing while nothing happens), one progress bar per job.
    /// Each final job is written; one that did not complete is also a non-terminating error.
    /// </summary>
    internal sealed class TrainingJobWaiter
    {
        internal static readonly TimeSpan FirstInterval = TimeSpan.FromSeconds(1);
        internal static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(15);
        private const double Growth = 1.5;
        private const int GroupActivityId = 0;

        /// <summary>Polls in a row that may fail (each after the pipeline's own retries) before the wait gives up: minutes of outage.</summary>
        private const int MaxConsecutiveFailures = 30;

        private readonly ModelArtsSessionCmdlet _cmdlet;

        public TrainingJobWaiter(ModelArtsSessionCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void Wait(IReadOnlyList<(long JobId, long? VersionId)> jobs, TimeSpan? timeout)
        {
            var grouped = jobs.Count > 1;
            var pending = jobs.Select((job, index) => new Tracked(job.JobId, job.VersionId, index + 1)).ToList();
            var clock = Stopwatch.StartNew();
            var interval = FirstInterval;
            while (true)
            {
                var changed = false;
                foreach (var tracked in pending.ToList())
                {
                    bool alive;
                    try
                    {
                        changed |= Poll(tracked, clock.Elapsed, grouped);
                        tracked.Failures = 0;
                        tracked.LastFailure = null;
                        alive = true;
                    }
                    catch (ModelArtsException e) when (Passing(e) && ++tracked.Failures < MaxConsecutiveFailures)
                    {
                        tracked.LastFailure = e;
                        // A wait lasts as long as the job: an outage longer than one call's retries must not end it.
                        _cmdlet.Verbose("Polling training job " + tracked.JobId + " failed (" + e.Message + "); polling again (" + tracked.Failures + " of " + MaxConsecutiveFailures + ").");
                        continue;
                    }
                    catch (ModelArtsException e)
                    {
                        _cmdlet.WriteError(ErrorRecords.From(e, tracked.JobId));
                        alive = false;
                    }

                    if (!alive || tracked.Job!.Status.IsTerminal())
                    {
                        pending.Remove(tracked);
                        Complete(tracked, grouped);
                    }
                }

                if (grouped)
                {
                    WriteGroupProgress(jobs.Count, pending.Count, clock.Elapsed);
                }

                if (pending.Count == 0)
                {
                    break;
                }

                var remaining = timeout - clock.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    foreach (var tracked in pending)
                    {
                        Complete(tracked, grouped);
                        _cmdlet.WriteError(tracked.Job != null
                            ? ErrorRecords.WaitTimedOut(tracked.Job, timeout!.Value)
                            : ErrorRecords.From(tracked.LastFailure!, tracked.JobId));
                    }

                    break;
                }

                interval = changed ? FirstInterval : TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * Growth), MaxInterval.Ticks));
                var delay = remaining.HasValue && remaining.Value < interval ? remaining.Value : interval;
                _cmdlet.Verbose("Polling again in " + delay.TotalSeconds.ToString("0.0", CultureInfo.CurrentCulture) + " s.");
                _cmdlet.Run(ct => Task.Delay(delay, ct));
            }

            if (grouped)
            {
                _cmdlet.WriteProgress(new ProgressRecord(GroupActivityId, GroupActivity(jobs.Count), "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>Reads the job once; true when its status changed. A job that ended is written (and reported).</summary>
        private bool Poll(Tracked tracked, TimeSpan elapsed, bool grouped)
        {
            var job = _cmdlet.Run(ct => _cmdlet.Client.GetTrainingJobAsync(tracked.JobId, tracked.VersionId, ct));
            tracked.VersionId = job.VersionId;
            var changed = tracked.Job == null || tracked.Job.Status != job.Status;
            if (changed)
            {
                _cmdlet.Verbose("Training job '" + job.Name + "' (" + job.JobId + ", " + job.VersionName + "): " + job.Status + ".");
            }

            tracked.Job = job;
            if (job.Status.IsTerminal())
            {
                _cmdlet.WriteObject(job);
                if (!job.Status.IsSuccessful())
                {
                    _cmdlet.WriteError(ErrorRecords.JobEnded(job));
                }

                return changed;
            }

            var record = new ProgressRecord(tracked.ActivityId, "Waiting for training job '" + job.Name + "' (" + job.JobId + ")", job.Status + ", " + Format(elapsed) + " elapsed");
            if (grouped)
            {
                record.ParentActivityId = GroupActivityId;
            }

            _cmdlet.WriteProgress(record);
            return changed;
        }

        /// <summary>Failures that pass: the service is throttling, unreachable, slow or failing for a while.</summary>
        private static bool Passing(ModelArtsException e) =>
            e.Kind == ModelArtsErrorKind.Throttled || e.Kind == ModelArtsErrorKind.Timeout || e.Kind == ModelArtsErrorKind.Connection
            || (e.Kind == ModelArtsErrorKind.ServerError && e.StatusCode >= 500);

        private void Complete(Tracked tracked, bool grouped)
        {
            var record = new ProgressRecord(tracked.ActivityId, "Waiting for training job " + tracked.JobId, "Done") { RecordType = ProgressRecordType.Completed };
            if (grouped)
            {
                record.ParentActivityId = GroupActivityId;
            }

            _cmdlet.WriteProgress(record);
        }

        private void WriteGroupProgress(int total, int pending, TimeSpan elapsed) =>
            _cmdlet.WriteProgress(new ProgressRecord(GroupActivityId, GroupActivity(total), (total - pending) + " of " + total + " ended, " + Format(elapsed) + " elapsed")
            {
                PercentComplete = (total - pending) * 100 / total,
            });

        private static string GroupActivity(int total) => "Waiting for " + total + " training jobs";

        private static string Format(TimeSpan elapsed) => elapsed.ToString(elapsed.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.CurrentCulture);

        private sealed class Tracked
        {
            public Tracked(long jobId, long? versionId, int activityId)
            {
                JobId = jobId;
                VersionId = versionId;
                ActivityId = activityId;
            }

            public long JobId { get; }

            public long? VersionId { get; set; }

            public int ActivityId { get; }

            public TrainingJob? Job { get; set; }

            public int Failures { get; set; }

            public ModelArtsException? LastFailure { get; set; }
        }
    }
}
