using System.Management.Automation;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>The cpu, memory and GPU/NPU series of a v2 training job's tasks, one object per task and metric.</summary>
    [Cmdlet(VerbsCommon.Get, "MaTrainingJobMetric")]
    [OutputType(typeof(TrainingJobMetric))]
    public sealed class GetMaTrainingJobMetricCommand : TrainingJobCmdlet
    {
        /// <summary>The tasks to read (worker-0, …); all of the job's by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Task { get; set; }

        protected override void ProcessItem() =>
            WriteObject(Run(ct => Client.GetTrainingJobMetricsAsync(JobId, Task, ct)), true);
    }
}
