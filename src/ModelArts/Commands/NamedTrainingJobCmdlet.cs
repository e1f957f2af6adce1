using System;
using System.Management.Automation;
using ModelArts.Core.Models;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// A cmdlet that acts on training jobs given by id (or piped in) or found by -Name with wildcards: each job the
    /// name finds is processed in turn, as if its id had been piped, so every prompt and error is about one job.
    /// </summary>
    public abstract class NamedTrainingJobCmdlet : ModelArtsSessionCmdlet
    {
        internal const string ByIdSet = "ById";
        internal const string ByNameSet = "ByName";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true, HelpMessage = "The id of the training job, as Get-MaTrainingJob shows it.")]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(TrainingJobCompleter))]
        [ValidateNotNullOrEmpty]
        public string JobId { get; set; } = null!;

        /// <summary>The names of the jobs, with wildcards; one that matches no job is an ObjectNotFound error.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByNameSet, HelpMessage = "The name of the training job; wildcards select several.")]
        [Alias("job_name")]
        [ArgumentCompleter(typeof(TrainingJobCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = null!;

        /// <summary>The name of the job being processed when -Name found it; null for a job given by id.</summary>
        internal string? JobName { get; private set; }

        /// <summary>How prompts and messages name the job: by name and id when the name is known.</summary>
        internal string JobLabel => JobName == null ? JobId : "'" + JobName + "' (" + JobId + ")";

        protected override object? ErrorTarget => ParameterSetName == ByNameSet ? (object)string.Join(", ", Name) : JobId;

        protected override void ProcessRecord()
        {
            if (ParameterSetName != ByNameSet || !HasSession)
            {
                base.ProcessRecord();
                return;
            }

            TryItem(
                () =>
                {
                    foreach (var job in new TrainingJobFinder(this).Find(Name, Array.Empty<JobStatus>(), null, patternsMustMatch: true))
                    {
                        JobId = job.JobId;
                        JobName = job.Name;
                        TryItem(ProcessItem, () => JobId);
                    }
                },
                () => ErrorTarget);
        }
    }

    /// <summary>A named-or-piped job cmdlet about one version (v1): the piped or given one, else the latest.</summary>
    public abstract class NamedTrainingJobVersionCmdlet : NamedTrainingJobCmdlet
    {
        /// <summary>The version; the job's latest when absent (always the latest for jobs found by -Name).</summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("version_id")]
        [ValidateRange(0L, long.MaxValue)]
        public long? VersionId { get; set; }
    }
}
