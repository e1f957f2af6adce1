using System.Management.Automation;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>Changes the description of a training job.</summary>
    [Cmdlet(VerbsCommon.Set, "MaTrainingJob", SupportsShouldProcess = true)]
    [OutputType(typeof(TrainingJob))]
    public sealed class SetMaTrainingJobCommand : TrainingJobCmdlet
    {
        /// <summary>0–256 characters.</summary>
        [Parameter(Mandatory = true, HelpMessage = "The new description of the training job (at most 256 characters).")]
        [Alias("job_description", "job_desc")]
        [AllowEmptyString]
        public string Description { get; set; } = null!;

        /// <summary>Writes the job's latest version after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            if (!ShouldProcess("training job " + JobId, "Set description"))
            {
                return;
            }

            Run(ct => Client.UpdateTrainingJobDescriptionAsync(JobId, Description, ct));
            if (PassThru)
            {
                WriteObject(Run(ct => Client.GetTrainingJobAsync(JobId, null, ct)));
            }
        }
    }
}
