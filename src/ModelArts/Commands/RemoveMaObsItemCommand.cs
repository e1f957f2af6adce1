using System.Linq;
using System.Management.Automation;
using ModelArts.Core.Obs;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>Deletes an OBS object, or with -Recurse everything under a folder.</summary>
    [Cmdlet(VerbsCommon.Remove, "MaObsItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveMaObsItemCommand : ObsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
            HelpMessage = "The OBS object or folder to delete, e.g. obs://bucket/key.")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = null!;

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Deletes without asking (unless -Confirm or -WhatIf is given).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private string? _current;

        protected override object? ErrorTarget => _current;

        protected override void ProcessItem()
        {
            foreach (var path in Path)
            {
                _current = path;
                TryObsItem(() => Remove(Location(path, nameof(Path))), path);
            }
        }

        private void Remove(ObsLocation location)
        {
            var transfer = new ObsTransfer(Obs, new ObsTransferOptions());
            if (!location.IsFolder)
            {
                var exact = Run(ct => transfer.FindAsync(location, ct));
                if (exact != null)
                {
                    if (ShouldProcess(location.ToString(), "Remove the OBS object", Force))
                    {
                        Run(ct => Obs.DeleteObjectAsync(location.Bucket, location.Key, ct));
                    }

                    return;
                }

                location = new ObsLocation(location.Bucket, location.Key + "/");
            }

            if (!Recurse)
            {
                throw new Core.Errors.ModelArtsValidationException(
                    Core.Errors.ValidationErrorIds.ObsFolderNeedsRecurse, "'" + location + "' is a folder; add -Recurse to delete everything under it.", "Recurse", location.ToString());
            }

            var keys = Stream(ct => Obs.ListAsync(location.Bucket, location.Key, true, ct)).ToList();
            if (keys.Count == 0)
            {
                WriteError(ErrorRecords.NotFound(ErrorIds.ObsObjectNotFound, "OBS object or folder", location.ToString()));
                return;
            }

            if (ShouldProcess(location + " (" + keys.Count + " objects)", "Remove the OBS folder and everything under it", Force))
            {
                Run(ct => transfer.DeleteAsync(keys, ct));
            }
        }
    }
}
