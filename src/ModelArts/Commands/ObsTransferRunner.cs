using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Obs;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Runs one core transfer for an OBS cmdlet: Write-Progress with bytes and files while it runs, one error record
    /// per file that failed, and the results that succeeded.
    /// </summary>
    internal static class ObsTransferRunner
    {
        private const int ProgressTickMilliseconds = 250;

        public static IReadOnlyList<ObsTransferResult> Run(
            ModelArtsCmdlet cmdlet, ObsTransfer transfer, string activity, Func<CancellationToken, Task<IReadOnlyList<ObsTransferResult>>> call)
        {
            var progress = new ProgressRecord(Math.Abs(activity.GetHashCode()) % 1000 + 1, activity, "Starting");
            IReadOnlyList<ObsTransferResult> results;
            try
            {
                results = cmdlet.Await(cmdlet.Start(call), () => Report(cmdlet, progress, transfer.Progress), ProgressTickMilliseconds);
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(progress);
            }

            var succeeded = new List<ObsTransferResult>();
            foreach (var result in results)
            {
                if (result.Error == null)
                {
                    succeeded.Add(result);
                }
                else
                {
                    cmdlet.WriteError(ErrorRecords.From(result.Error, result.LocalPath, ErrorIds.ObsObjectNotFound));
                }
            }

            return succeeded;
        }

        private static void Report(ModelArtsCmdlet cmdlet, ProgressRecord record, ObsTransferProgress progress)
        {
            var total = progress.BytesTotal;
            var done = progress.BytesDone;
            record.StatusDescription = string.Format(
                CultureInfo.CurrentCulture, "{0} of {1} files, {2:N0} of {3:N0} bytes", progress.FilesDone, progress.FilesTotal, done, total);
            record.PercentComplete = total == 0 ? 0 : (int)Math.Min(100, done * 100 / total);
            cmdlet.WriteProgress(record);
        }
    }
}
