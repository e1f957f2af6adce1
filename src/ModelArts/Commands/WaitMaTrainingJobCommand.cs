using System;
using System.Collections.Generic;
using System.Management.Automation;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Waits until training jobs end and writes each final job. All piped jobs are waited for together;
    /// a job that fails, is killed or is lost is a non-terminating error (so -ErrorAction Stop fails a script).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "MaTrainingJob", DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(TrainingJob))]
    public sealed class WaitMaTrainingJobCommand : NamedTrainingJobVersionCmdlet
    {
        private readonly List<(string JobId, long? VersionId)> _jobs = new List<(string, long?)>();

        /// <summary>Seconds to wait at most; a job still running then is an OperationTimeout error (and keeps running).</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, int.MaxValue)]
        public int? Timeout { get; set; }

        protected override void ProcessItem()
        {
            if (!_jobs.Contains((JobId, VersionId)))
            {
                _jobs.Add((JobId, VersionId));
            }
        }

        protected override void Complete()
        {
            if (_jobs.Count == 0)
            {
                return;
            }

            new TrainingJobWaiter(this).Wait(_jobs, Timeout.HasValue ? TimeSpan.FromSeconds(Timeout.Value) : (TimeSpan?)null);
        }
    }
}
