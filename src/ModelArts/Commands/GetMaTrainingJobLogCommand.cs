using System.Management.Automation;
using ModelArts.Core;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Reads the log of a training job version: all of it, its last lines, or live until the job ends, from every
    /// worker or the chosen ones. Lines stream out as they are read, so memory stays flat for any log size.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MaTrainingJobLog")]
    [OutputType(typeof(LogLine), typeof(string))]
    public sealed class GetMaTrainingJobLogCommand : TrainingJobVersionCmdlet
    {
        private static readonly string[] HostTag = { "PSHOST" };

        /// <summary>Only the last N lines of each worker (with -Follow: then the new ones).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Tail { get; set; }

        /// <summary>Keeps reading new lines until the job has ended and its log is drained; Ctrl+C detaches.</summary>
        [Parameter]
        [Alias("Wait")]
        public SwitchParameter Follow { get; set; }

        /// <summary>The worker indexes to read (all by default).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int[]? Worker { get; set; }

        /// <summary>Plain strings instead of LogLine objects.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override void ProcessItem()
        {
            // The v2 log APIs (preview, log URL, line pages) are not read by this module yet.
            Client.EnsureV1("Reading a log (this module version does not read v2 logs yet)");
            var jobId = ModelArtsClient.V1JobId(JobId);
            var mode = Follow ? LogReadMode.Follow : Tail.HasValue ? LogReadMode.Tail : LogReadMode.Whole;
            if (Follow)
            {
                // Written now: once Ctrl+C has stopped the pipeline nothing can be written any more.
                WriteInformation(new HostInformationMessage { Message = "Following the log of training job " + JobId + ". Press Ctrl+C to detach; the job keeps running." }, HostTag);
            }

            foreach (var line in Stream(ct => Client.ReadJobLogAsync(jobId, VersionId, mode, Tail, Worker, ct)))
            {
                WriteObject(Raw ? (object)line.Line : line);
            }
        }
    }
}
