using System;
using System.Collections.Generic;
using System.Management.Automation;
using ModelArts.Core.Models;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Waits until training jobs end and writes each final job. All piped jobs are waited for together;
    /// a job that fails, is killed or is lost is a non-terminating error (so -ErrorAction Stop fails a script).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "MaTrainingJob")]
    [OutputType(typeof(TrainingJob))]
    public sealed class WaitMaTrainingJobCommand : ModelArtsSessionCmdlet
    {
        private readonly List<(long JobId, long? VersionId)> jobs = new List<(long, long?)>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(TrainingJobCompleter))]
        public long JobId { get; set; }

        /// <summary>The version to wait for; the latest when absent.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("version_id")]
        public long? VersionId { get; set; }

        /// <summary>Seconds to wait at most; a job still running then is an OperationTimeout error (and keeps running).</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, int.MaxValue)]
        public int? Timeout { get; set; }

        protected override void ProcessItem()
        {
            if (!jobs.Contains((JobId, VersionId))) jobs.Add((JobId, VersionId));
        }

        protected override void Complete()
        {
            if (jobs.Count == 0) return;
            new TrainingJobWaiter(this).Wait(jobs, Timeout.HasValue ? TimeSpan.FromSeconds(Timeout.Value) : (TimeSpan?)null);
        }
    }
}
