using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Shows a core wait (<see cref="Core.ModelArtsClient.WaitForTrainingJobsAsync"/>) for Wait-MaTrainingJob and
    /// New-MaTrainingJob -Wait: one progress bar per job (under a group bar for several), each final job written;
    /// one that did not complete is also a non-terminating error.
    /// </summary>
    internal sealed class TrainingJobWaiter
    {
        private const int GroupActivityId = 0;

        private readonly ModelArtsSessionCmdlet _cmdlet;

        public TrainingJobWaiter(ModelArtsSessionCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void Wait(IReadOnlyList<(string JobId, long? VersionId)> jobs, TimeSpan? timeout)
        {
            var grouped = jobs.Count > 1;
            _cmdlet.WriteDetachHint("Waiting for training job" + (grouped ? "s " : " ") + string.Join(", ", jobs.Select(j => j.JobId)));
            foreach (var update in _cmdlet.Stream(ct => _cmdlet.Client.WaitForTrainingJobsAsync(jobs, timeout, ct)))
            {
                switch (update.Kind)
                {
                    case TrainingJobWaitUpdateKind.Running:
                        var job = update.Job!;
                        var record = new ProgressRecord(update.Index, "Waiting for training job '" + job.Name + "' (" + job.JobId + ")", job.Status + ", " + Format(update.Elapsed) + " elapsed");
                        if (grouped)
                        {
                            record.ParentActivityId = GroupActivityId;
                        }

                        _cmdlet.WriteProgress(record);
                        break;
                    case TrainingJobWaitUpdateKind.Ended:
                        _cmdlet.WriteObject(update.Job);
                        if (!update.Job!.StatusCode.IsSuccessful())
                        {
                            var ended = update.Job;
                            _cmdlet.WriteError(ErrorRecords.JobEnded(_cmdlet.Run(ct => _cmdlet.Client.DescribeFailureAsync(ended, ct))));
                        }

                        Complete(update, grouped);
                        break;
                    case TrainingJobWaitUpdateKind.Failed:
                        _cmdlet.WriteError(ErrorRecords.From(update.Error!, update.JobId));
                        Complete(update, grouped);
                        break;
                    case TrainingJobWaitUpdateKind.TimedOut:
                        Complete(update, grouped);
                        _cmdlet.WriteError(update.Job != null
                            ? ErrorRecords.WaitTimedOut(update.Job, timeout!.Value)
                            : ErrorRecords.From(update.Error!, update.JobId));
                        break;
                    case TrainingJobWaitUpdateKind.Round:
                        if (grouped)
                        {
                            WriteGroupProgress(update);
                        }

                        break;
                }
            }

            if (grouped)
            {
                _cmdlet.WriteProgress(new ProgressRecord(GroupActivityId, GroupActivity(jobs.Count), "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        private void Complete(TrainingJobWaitUpdate update, bool grouped)
        {
            var record = new ProgressRecord(update.Index, "Waiting for training job " + update.JobId, "Done") { RecordType = ProgressRecordType.Completed };
            if (grouped)
            {
                record.ParentActivityId = GroupActivityId;
            }

            _cmdlet.WriteProgress(record);
        }

        private void WriteGroupProgress(TrainingJobWaitUpdate round)
        {
            var ended = round.Total - round.Pending;
            _cmdlet.WriteProgress(new ProgressRecord(GroupActivityId, GroupActivity(round.Total), ended + " of " + round.Total + " ended, " + Format(round.Elapsed) + " elapsed")
            {
                PercentComplete = ended * 100 / round.Total,
            });
        }

        private static string GroupActivity(int total) => "Waiting for " + total + " training jobs";

        private static string Format(TimeSpan elapsed) => elapsed.ToString(elapsed.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.CurrentCulture);
    }
}
