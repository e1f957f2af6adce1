using System.Management.Automation;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>A cmdlet about one training job, given by id (a v2 UUID, or a v1 number) or piped in (any object with a JobId binds).</summary>
    public abstract class TrainingJobCmdlet : ModelArtsSessionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The id of the training job, as Get-MaTrainingJob shows it.")]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(TrainingJobCompleter))]
        [ValidateNotNullOrEmpty]
        public string JobId { get; set; } = null!;

        protected override object? ErrorTarget => JobId;
    }
}
