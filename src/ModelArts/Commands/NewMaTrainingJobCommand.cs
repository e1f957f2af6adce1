using System;
using System.Linq;
using System.Management.Automation;
using ModelArts.Core;
using ModelArts.Core.Models;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Creates a training job the way the Python SDK's <c>Estimator(...).fit(...)</c> does: with OBS data, with a
    /// dataset, or from a custom image. Flavor and framework are resolved and checked before anything is sent.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "MaTrainingJob", DefaultParameterSetName = ObsDataSet, SupportsShouldProcess = true)]
    [OutputType(typeof(TrainingJob))]
    public sealed class NewMaTrainingJobCommand : ModelArtsSessionCmdlet
    {
        private const string ObsDataSet = "ObsData";
        private const string DatasetSet = "Dataset";
        private const string CustomImageSet = "CustomImage";

        private string? _jobName;

        /// <summary>1–64 letters, digits, '_' or '-'; generated when absent.</summary>
        [Parameter(Position = 0)]
        [Alias("job_name", "JobName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        [Alias("job_description", "job_desc")]
        public string? Description { get; set; }

        [Parameter(ParameterSetName = ObsDataSet)]
        [Parameter(ParameterSetName = DatasetSet)]
        [Alias("framework_type")]
        [ArgumentCompleter(typeof(FrameworkTypeCompleter))]
        public string? FrameworkType { get; set; }

        [Parameter(ParameterSetName = ObsDataSet)]
        [Parameter(ParameterSetName = DatasetSet)]
        [Alias("framework_version")]
        [ArgumentCompleter(typeof(FrameworkVersionCompleter))]
        public string? FrameworkVersion { get; set; }

        [Parameter(ParameterSetName = ObsDataSet)]
        [Parameter(ParameterSetName = DatasetSet)]
        [Alias("code_dir")]
        public string? CodeDir { get; set; }

        /// <summary>An OBS path under -CodeDir, or a file name inside it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ObsDataSet, HelpMessage = "The training script: an OBS path, or a file name inside -CodeDir.")]
        [Parameter(Mandatory = true, ParameterSetName = DatasetSet, HelpMessage = "The training script: an OBS path, or a file name inside -CodeDir.")]
        [Alias("boot_file")]
        public string BootFile { get; set; } = null!;

        [Parameter(Mandatory = true, HelpMessage = "The OBS directory for the output (train_url), e.g. /bucket/output/.")]
        [Alias("output_path", "train_url")]
        public string OutputPath { get; set; } = null!;

        [Parameter]
        [Alias("log_url")]
        public string? LogUrl { get; set; }

        [Parameter]
        [Alias("hyperparameters")]
        public object[]? Hyperparameter { get; set; }

        [Parameter(Mandatory = true, HelpMessage = "The flavor code, e.g. modelarts.vm.cpu.2u (see Get-MaFlavor).")]
        [Alias("train_instance_type")]
        [ArgumentCompleter(typeof(TrainInstanceTypeCompleter))]
        public string TrainInstanceType { get; set; } = null!;

        [Parameter]
        [Alias("train_instance_count")]
        [ValidateRange(1, int.MaxValue)]
        public int TrainInstanceCount { get; set; } = 1;

        /// <summary>The OBS data directory (<c>data_url</c>).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ObsDataSet, HelpMessage = "The OBS directory of the training data (data_url), e.g. /bucket/data/.")]
        [Parameter(ParameterSetName = CustomImageSet)]
        [Alias("data_url")]
        public string Inputs { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = DatasetSet, HelpMessage = "The id of the dataset to train on.")]
        [Parameter(ParameterSetName = CustomImageSet)]
        [Alias("dataset_id")]
        public string DatasetId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = DatasetSet, HelpMessage = "The id of the dataset version to train on.")]
        [Parameter(ParameterSetName = CustomImageSet)]
        [Alias("dataset_version_id")]
        public string DatasetVersionId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = CustomImageSet, HelpMessage = "The address of the custom image, e.g. swr.eu-de.otc.t-systems.com/team/train:1.0.")]
        [Alias("user_image_url")]
        public string UserImageUrl { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = CustomImageSet, HelpMessage = "The command that starts training inside the custom image.")]
        [Alias("user_command")]
        public string UserCommand { get; set; } = null!;

        /// <summary>v2 only: environment variables of the training process (<c>algorithm.environments</c>), at most 100.</summary>
        [Parameter]
        [Alias("env_variables")]
        public System.Collections.Hashtable? Environment { get; set; }

        /// <summary>v2 only: a dedicated resource pool (<c>spec.resource.pool_id</c>).</summary>
        [Parameter]
        [Alias("pool_id")]
        public string? PoolId { get; set; }

        /// <summary>v2 only: the workspace of the job (<c>metadata.workspace_id</c>; the service's default is 0).</summary>
        [Parameter]
        [Alias("workspace_id")]
        public string? WorkspaceId { get; set; }

        /// <summary>A local folder whose contents are uploaded to -CodeDir (unchanged files skipped) before the job is created.</summary>
        [Parameter(ParameterSetName = ObsDataSet)]
        [Parameter(ParameterSetName = DatasetSet)]
        [ValidateNotNullOrEmpty]
        public string? LocalCodeDir { get; set; }

        /// <summary>Waits for the job to end, like <c>fit(wait=True)</c>; a job that fails is an error.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override object? ErrorTarget => _jobName ?? Name;

        /// <summary>
        /// A sold-out flavor is told before -WhatIf's preview, not first by the service's refusal: the cached catalog
        /// the create was just resolved against says so, at no extra request.
        /// </summary>
        private void WarnIfSoldOut()
        {
            var flavor = Run(ct => Client.GetFlavorsAsync(ct)).FirstOrDefault(f => string.Equals(f.Code, TrainInstanceType, StringComparison.OrdinalIgnoreCase));
            if (flavor != null && flavor.SoldOut)
            {
                WriteWarning("Flavor " + flavor.Code + " is sold out: the service refuses new jobs on it until it has capacity again. Get-MaFlavor shows which flavors are available.");
            }
        }

        protected override void ProcessItem()
        {
            var code = ObsCodeUpload.Plan(this, LocalCodeDir, CodeDir);
            var spec = new EstimatorSpec
            {
                Name = Name,
                Description = Description,
                FrameworkType = FrameworkType,
                FrameworkVersion = FrameworkVersion,
                CodeDir = CodeDir,
                BootFile = BootFile,
                OutputPath = OutputPath,
                LogUrl = LogUrl,
                Hyperparameters = Hyperparameters.From(Hyperparameter),
                TrainInstanceType = TrainInstanceType,
                TrainInstanceCount = TrainInstanceCount,
                Inputs = Inputs,
                DatasetId = DatasetId,
                DatasetVersionId = DatasetVersionId,
                UserImageUrl = UserImageUrl,
                UserCommand = UserCommand,
                Environment = EnvironmentVariables.From(Environment),
                PoolId = PoolId,
                WorkspaceId = WorkspaceId,
            };
            var request = Run(ct => Client.PrepareTrainingJobAsync(spec, ct));
            _jobName = request.Name;
            WarnIfSoldOut();
            if (!ShouldSend(request.Preview, "training job '" + _jobName + "'"))
            {
                return;
            }

            code?.Upload(this);
            WriteOrWait(Run(ct => Client.CreateTrainingJobAsync(request, ct)), Wait);
        }
    }
}
