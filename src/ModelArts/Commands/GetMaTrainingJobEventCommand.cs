using System;
using System.Management.Automation;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>The events of a v2 training job (created, started, ended, and the service's own), oldest first.</summary>
    [Cmdlet(VerbsCommon.Get, "MaTrainingJobEvent")]
    [OutputType(typeof(TrainingJobEvent))]
    public sealed class GetMaTrainingJobEventCommand : TrainingJobCmdlet
    {
        [Parameter]
        [ValidateSet("Info", "Warning", "Error")]
        public string? Level { get; set; }

        /// <summary>Only events at or after this time.</summary>
        [Parameter]
        public DateTime? After { get; set; }

        /// <summary>Only events at or before this time.</summary>
        [Parameter]
        public DateTime? Before { get; set; }

        protected override void ProcessItem()
        {
            var after = After.HasValue ? new DateTimeOffset(After.Value) : (DateTimeOffset?)null;
            var before = Before.HasValue ? new DateTimeOffset(Before.Value) : (DateTimeOffset?)null;
            foreach (var item in Stream(ct => Client.GetTrainingJobEventsAsync(JobId, Level, after, before, ct)))
            {
                WriteObject(item);
            }
        }
    }
}
