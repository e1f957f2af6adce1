using System.Globalization;
using System.Management.Automation;
using ModelArts.Core;
using ModelArts.Core.Models;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Creates a new version of a training job from a previous one (the latest unless -VersionId), keeping its
    /// code, framework and flavor and taking new data, hyperparameters or paths, like the SDK's <c>create_job_version</c>.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "MaTrainingJobVersion", DefaultParameterSetName = PreviousDataSet, SupportsShouldProcess = true)]
    [OutputType(typeof(TrainingJob))]
    public sealed class NewMaTrainingJobVersionCommand : TrainingJobCmdlet
    {
        private const string PreviousDataSet = "PreviousData";
        private const string ObsDataSet = "ObsData";
        private const string DatasetSet = "Dataset";

        /// <summary>The version to start from (the SDK's pre_version_id); the latest when absent.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pre_version_id", "version_id")]
        public long? VersionId { get; set; }

        [Parameter]
        [Alias("job_description", "job_desc")]
        public string? Description { get; set; }

        /// <summary>New OBS data (<c>data_url</c>); the previous version's data when no data parameter is given.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ObsDataSet, HelpMessage = "The OBS directory of the training data (data_url), e.g. /bucket/data/.")]
        [Alias("data_url")]
        public string Inputs { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = DatasetSet, HelpMessage = "The id of the dataset to train on.")]
        [Alias("dataset_id")]
        public string DatasetId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = DatasetSet, HelpMessage = "The id of the dataset version to train on.")]
        [Alias("dataset_version_id")]
        public string DatasetVersionId { get; set; } = null!;

        /// <summary>Replaces all hyperparameters of the previous version.</summary>
        [Parameter]
        [Alias("hyperparameters")]
        public object[]? Hyperparameter { get; set; }

        [Parameter]
        [Alias("output_path", "train_url")]
        public string? OutputPath { get; set; }

        [Parameter]
        [Alias("log_url")]
        public string? LogUrl { get; set; }

        [Parameter]
        [Alias("train_instance_type")]
        [ArgumentCompleter(typeof(TrainInstanceTypeCompleter))]
        public string? TrainInstanceType { get; set; }

        [Parameter]
        [Alias("train_instance_count")]
        [ValidateRange(1, int.MaxValue)]
        public int? TrainInstanceCount { get; set; }

        /// <summary>Waits for the new version to end; one that fails is an error.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessItem()
        {
            // Read before anything is sent: a malformed -Hyperparameter needs no request to be refused.
            var changes = new TrainingJobVersionChanges
            {
                Description = Description,
                Inputs = Inputs,
                DatasetId = DatasetId,
                DatasetVersionId = DatasetVersionId,
                Hyperparameters = Hyperparameter != null ? Hyperparameters.From(Hyperparameter) : null,
                OutputPath = OutputPath,
                LogUrl = LogUrl,
                TrainInstanceType = TrainInstanceType,
                TrainInstanceCount = TrainInstanceCount,
            };
            Client.EnsureV1("New-MaTrainingJobVersion");
            var jobId = ModelArtsClient.V1JobId(JobId);
            var previous = Run(ct => Client.GetTrainingJobAsync(jobId, VersionId, ct));
            var request = Run(ct => Client.ResolveVersionAsync(previous, changes, ct));
            var what = "version of training job '" + previous.Name + "' (" + JobId + ") from " + (previous.VersionName ?? previous.VersionId.ToString(CultureInfo.CurrentCulture));
            if (!ShouldSend(Client.PreviewCreateTrainingJobVersion(jobId, request), what))
            {
                return;
            }

            WriteOrWait(Run(ct => Client.CreateTrainingJobVersionAsync(jobId, request, ct)), Wait);
        }
    }
}
