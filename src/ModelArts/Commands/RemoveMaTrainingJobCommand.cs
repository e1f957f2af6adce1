using System.Management.Automation;
using ModelArts.Core;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Deletes a training job with all its versions, or only the version given with -VersionId. The version is
    /// deliberately not taken from the pipeline: a piped job means the whole job, not its latest version.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "MaTrainingJob", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveMaTrainingJobCommand : NamedTrainingJobCmdlet
    {
        /// <summary>Deletes only this version.</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [Alias("version_id")]
        [ValidateRange(0L, long.MaxValue)]
        public long? VersionId { get; set; }

        /// <summary>No confirmation prompt (for runbooks and CI).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessItem()
        {
            if (VersionId is long version)
            {
                Client.EnsureV1("VersionId");
                if (ShouldProcess("training job " + JobLabel + ", version " + version, "Remove", Force))
                {
                    Run(ct => Client.DeleteTrainingJobVersionAsync(ModelArtsClient.V1JobId(JobId), version, ct));
                }
            }
            else if (ShouldProcess("training job " + JobLabel + " and all its versions", "Remove", Force))
            {
                Run(ct => Client.DeleteTrainingJobAsync(JobId, ct));
            }
        }
    }
}
