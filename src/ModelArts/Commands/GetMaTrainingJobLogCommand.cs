using System.Management.Automation;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Reads the log of a training job (on v1 of one version) by the session's API: all of it, its last lines, or live
    /// until the job ends, from every worker or the chosen ones. Lines stream out as they are read, so memory stays flat
    /// for any log size.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MaTrainingJobLog", DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(LogLine), typeof(string))]
    public sealed class GetMaTrainingJobLogCommand : NamedTrainingJobVersionCmdlet
    {
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

        // -Prefix: what tells lines of several jobs or workers apart. A prefixed line has a view of its own
        // (ModelArts.Format.ps1xml), so the plain view stays a bare property read for logs of millions of lines.
        private const string PrefixedTypeName = "ModelArts.Core.Models.LogLine#Prefixed";
        private string? _prefixName;

        /// <summary>Labels each line with its job's name and worker, <c>[name worker N] </c>, in the view and in -Raw strings.</summary>
        [Parameter]
        public SwitchParameter Prefix { get; set; }

        private object Shape(LogLine line)
        {
            if (!Prefix)
            {
                return Raw ? (object)line.Line : line;
            }

            _prefixName ??= JobName ?? Run(ct => Client.GetTrainingJobAsync(JobId, VersionId, ct)).Name;
            var label = LogLinePrefix.Of(line, _prefixName);
            if (Raw)
            {
                return label + line.Line;
            }

            var shaped = new PSObject(line);
            shaped.TypeNames.Insert(0, PrefixedTypeName);
            shaped.Properties.Add(new PSNoteProperty(nameof(Prefix), label));
            return shaped;
        }

        protected override void ProcessItem()
        {
            var mode = Follow ? LogReadMode.Follow : Tail.HasValue ? LogReadMode.Tail : LogReadMode.Whole;
            if (Follow)
            {
                WriteDetachHint("Following the log of training job " + JobId);
            }

            var written = false;
            _prefixName = null;
            // A page at a time: one diagnostics scope and pump a page; Ctrl+C still stops at the next line written.
            foreach (var lines in Stream(ct => Client.ReadJobLogPagesAsync(JobId, VersionId, mode, Tail, Worker, ct)))
            {
                foreach (var line in lines)
                {
                    WriteObject(Shape(line));
                }

                written = true;
            }

            if (!written && !Follow)
            {
                var job = Run(ct => Client.GetTrainingJobAsync(JobId, VersionId, ct));
                if (job.StatusCode.IsPending())
                {
                    WriteWarning("Training job '" + job.Name + "' (" + job.JobId + ") is still " + job.Status + ": it has no log until it runs. Add -Follow to wait for its lines.");
                }
            }
        }
    }
}
