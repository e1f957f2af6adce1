using System;
using System.Management.Automation;
using ModelArts.Core;
using ModelArts.Core.Models;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Lists training jobs newest first (every page, streamed as it arrives) filtered by name and status, or reads
    /// one job by id (the only positional parameter): its latest version, a given version, or all its versions.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MaTrainingJob", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(TrainingJobSummary), ParameterSetName = new[] { ListSet })]
    [OutputType(typeof(TrainingJob), ParameterSetName = new[] { ListSet, ByIdSet })]
    public sealed class GetMaTrainingJobCommand : ModelArtsSessionCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>Names with wildcards; a name is always given as -Name, so that a lone value (Get-MaTrainingJob 42) is an id.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("job_name")]
        [ArgumentCompleter(typeof(TrainingJobCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public JobStatus[]? Status { get; set; }

        /// <summary>Only the N newest matching jobs; the list is not read further.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("Newest")]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true, HelpMessage = "The id of the training job, as Get-MaTrainingJob shows it.")]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(TrainingJobCompleter))]
        [ValidateNotNullOrEmpty]
        public string JobId { get; set; } = null!;

        /// <summary>A version of the job; its latest version when absent.</summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("version_id")]
        [ValidateRange(0L, long.MaxValue)]
        public long? VersionId { get; set; }

        /// <summary>Every version of each job, newest first, instead of one row or version per job.</summary>
        [Parameter]
        public SwitchParameter AllVersions { get; set; }

        protected override object? ErrorTarget => ParameterSetName == ByIdSet ? (object)JobId : null;

        protected override void ProcessItem()
        {
            if (ParameterSetName == ByIdSet)
            {
                if (AllVersions)
                {
                    Client.EnsureV1("AllVersions");
                    WriteObject(Run(ct => Client.GetTrainingJobVersionsAsync(ModelArtsClient.V1JobId(JobId), ct)), true);
                }
                else
                {
                    WriteObject(Run(ct => Client.GetTrainingJobAsync(JobId, VersionId, ct)));
                }

                return;
            }

            if (AllVersions)
            {
                Client.EnsureV1("AllVersions");
            }

            foreach (var job in new TrainingJobFinder(this).Find(Name, Status ?? Array.Empty<JobStatus>(), First, patternsMustMatch: false))
            {
                if (AllVersions)
                {
                    TryItem(() => WriteObject(Run(ct => Client.GetTrainingJobVersionsAsync(ModelArtsClient.V1JobId(job.JobId), ct)), true), () => job.JobId);
                }
                else
                {
                    WriteObject(job);
                }
            }
        }
    }
}
