using System.Management.Automation;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>Stops (v2: terminates) a running training job, on v1 a version (the latest unless -VersionId); the job and its log stay.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "MaTrainingJob", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TrainingJob))]
    public sealed class StopMaTrainingJobCommand : NamedTrainingJobVersionCmdlet
    {
        /// <summary>No confirmation prompt.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the job as it is after the stop request.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            var target = "training job " + JobLabel + (VersionId.HasValue ? ", version " + VersionId : string.Empty);
            if (!ShouldProcess(target, "Stop", Force))
            {
                return;
            }

            Run(ct => Client.StopTrainingJobAsync(JobId, VersionId, ct));
            if (PassThru)
            {
                WriteObject(Run(ct => Client.GetTrainingJobAsync(JobId, VersionId, ct)));
            }
        }
    }
}
