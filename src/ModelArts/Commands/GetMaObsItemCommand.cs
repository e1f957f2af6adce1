using System.Linq;
using System.Management.Automation;
using ModelArts.Core.Obs;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>Lists the objects of an OBS folder (all pages, as they are read), one object, or with no path the buckets.</summary>
    [Cmdlet(VerbsCommon.Get, "MaObsItem")]
    [OutputType(typeof(ObsObject), typeof(ObsBucket))]
    public sealed class GetMaObsItemCommand : ObsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Lists everything under the folder, not only its first level.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        private string? _current;

        protected override object? ErrorTarget => _current;

        protected override void ProcessItem()
        {
            if (Path == null)
            {
                WriteObject(Run(ct => Obs.GetBucketsAsync(ct)), enumerateCollection: true);
                return;
            }

            foreach (var path in Path)
            {
                _current = path;
                TryObsItem(() => List(Location(path, nameof(Path))), path);
            }
        }

        private void List(ObsLocation location)
        {
            if (!location.IsFolder)
            {
                var transfer = new ObsTransfer(Obs, new ObsTransferOptions());
                var exact = Run(ct => transfer.FindAsync(location, ct));
                if (exact != null)
                {
                    WriteObject(exact);
                    return;
                }

                location = new ObsLocation(location.Bucket, location.Key + "/");
            }

            var any = false;
            foreach (var item in Stream(ct => Obs.ListAsync(location.Bucket, location.Key, Recurse, ct)).Where(i => i.Key != location.Key))
            {
                any = true;
                WriteObject(item);
            }

            if (!any && location.Key.Length > 0)
            {
                WriteError(ErrorRecords.NotFound(ErrorIds.ObsObjectNotFound, "OBS object or folder", location.ToString()));
            }
        }
    }
}
