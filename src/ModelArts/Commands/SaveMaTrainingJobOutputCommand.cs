using System.IO;
using System.Linq;
using System.Management.Automation;
using ModelArts.Core.Obs;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Downloads a training job's outputs (its OutputPath) into a local folder, and its exported log (LogUrl) into
    /// <c>logs/</c> there when it has one. Takes jobs from Get-MaTrainingJob by property name.
    /// </summary>
    [Cmdlet(VerbsData.Save, "MaTrainingJobOutput", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveMaTrainingJobOutputCommand : ObsCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, HelpMessage = "The job's OBS output folder (train_url).")]
        [Alias("output_path", "train_url")]
        [ValidateNotNullOrEmpty]
        public string OutputPath { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("log_url")]
        public string? LogUrl { get; set; }

        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The local folder to save into; made when missing.")]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = null!;

        /// <summary>Overwrites local files that exist.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary><c>Unchanged</c>: leaves out files that are already here with the same size and MD5.</summary>
        [Parameter]
        [ValidateSet("Unchanged")]
        public string? Skip { get; set; }

        protected override object? ErrorTarget => OutputPath;

        protected override void ProcessItem()
        {
            var output = Location(OutputPath, nameof(OutputPath));
            var log = string.IsNullOrEmpty(LogUrl) ? null : Location(LogUrl!, nameof(LogUrl));
            var local = LocalPath(Destination);
            var transfer = new ObsTransfer(Obs, new ObsTransferOptions { Force = Force, SkipUnchanged = Skip != null });
            var files = Run(ct => transfer.PlanDownloadAsync(AsFolder(output), local, true, contentsOnly: true, ct)).ToList();
            if (log != null)
            {
                files.AddRange(Run(ct => transfer.PlanDownloadAsync(AsFolder(log), System.IO.Path.Combine(local, "logs"), true, contentsOnly: true, ct)));
            }

            if (!ShouldProcess(local, "Download " + files.Count + " output file(s) from " + output))
            {
                return;
            }

            foreach (var result in ObsTransferRunner.Run(this, transfer, "Saving the outputs of " + output, ct => transfer.DownloadAsync(files, ct)).Where(r => !r.Skipped))
            {
                WriteObject(new FileInfo(result.LocalPath));
            }
        }

        private static ObsLocation AsFolder(ObsLocation location) =>
            location.IsFolder ? location : new ObsLocation(location.Bucket, location.Key + "/");
    }
}
