using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ModelArts.Core.Obs;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Uploads or downloads, the direction from which side is OBS (obs://, s3://). Folders need -Recurse and keep their
    /// own name when copied into a folder (a destination ending in '/', or an existing local folder), as Copy-Item does.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "MaObsItem", SupportsShouldProcess = true)]
    [OutputType(typeof(ObsObject), typeof(FileInfo))]
    public sealed class CopyMaObsItemCommand : ObsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
            HelpMessage = "What to copy: a local file or folder, or an OBS object or folder (obs://bucket/key).")]
        [Alias("FullName", "Key")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, HelpMessage = "Where to: obs://bucket/prefix/ for an upload, a local path for a download.")]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = null!;

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Overwrites local files that exist (an upload always replaces objects, as OBS does).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary><c>Unchanged</c>: leaves out files whose counterpart has the same size and MD5 (ETag).</summary>
        [Parameter]
        [ValidateSet("Unchanged")]
        public string? Skip { get; set; }

        /// <summary>Continues an interrupted multipart upload, and keeps the parts of one that fails again.</summary>
        [Parameter]
        public SwitchParameter Resume { get; set; }

        /// <summary>Sends every uploaded body's MD5 (Content-MD5), so OBS refuses one damaged on the way (TLS already does over https).</summary>
        [Parameter]
        public SwitchParameter VerifyMd5 { get; set; }

        /// <summary>Bytes per part; files up to this size go in one request. 8 MiB when absent.</summary>
        [Parameter]
        [ValidateRange(ObsTransferOptions.MinPartSize, int.MaxValue)]
        public int PartSize { get; set; } = ObsTransferOptions.DefaultPartSize;

        /// <summary>Requests in flight at once, over all files. 8 when absent.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ObsTransferOptions.DefaultParallelism;

        private string? _current;

        protected override object? ErrorTarget => _current;

        protected override void ProcessItem()
        {
            foreach (var path in Path)
            {
                _current = path;
                TryObsItem(() => Copy(path), path);
            }
        }

        private void Copy(string path)
        {
            var transfer = new ObsTransfer(Obs, new ObsTransferOptions
            {
                PartSize = PartSize,
                Parallelism = ThrottleLimit,
                SkipUnchanged = Skip != null,
                Resume = Resume,
                VerifyMd5 = VerifyMd5,
                Force = Force,
            });
            if (IsUpload(path))
            {
                var destination = Location(Destination, nameof(Destination));
                var files = ObsTransfer.PlanUpload(LocalPath(path), destination, Recurse, contentsOnly: false);
                if (!ShouldProcess(destination.ToString(), "Upload " + files.Count + " file(s) from " + path))
                {
                    return;
                }

                foreach (var result in ObsTransferRunner.Run(this, transfer, "Uploading to " + destination, ct => transfer.UploadAsync(files, ct)).Where(r => !r.Skipped))
                {
                    WriteObject(result.Uploaded);
                }
            }
            else
            {
                var source = Location(path, nameof(Path));
                var local = LocalPath(Destination);
                var files = Run(ct => transfer.PlanDownloadAsync(source, local, Recurse, contentsOnly: false, ct));
                if (!ShouldProcess(local, "Download " + files.Count + " file(s) from " + source))
                {
                    return;
                }

                foreach (var result in ObsTransferRunner.Run(this, transfer, "Downloading " + source, ct => transfer.DownloadAsync(files, ct)).Where(r => !r.Skipped))
                {
                    WriteObject(new FileInfo(result.LocalPath));
                }
            }
        }

        /// <summary>obs:// or s3:// on one side decides; /bucket/key text is OBS unless it is an existing local path.</summary>
        private bool IsUpload(string path)
        {
            if (ObsLocation.IsObsPath(path))
            {
                return false;
            }

            if (ObsLocation.IsObsPath(Destination))
            {
                return true;
            }

            var local = LocalPath(path);
            return File.Exists(local) || Directory.Exists(local);
        }
    }
}
