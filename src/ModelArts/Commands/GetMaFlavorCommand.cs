using System.Management.Automation;
using ModelArts.Core.Models;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>The training flavors (<c>train_instance_type</c> values), like the SDK's <c>get_train_instance_types</c>.</summary>
    [Cmdlet(VerbsCommon.Get, "MaFlavor")]
    [OutputType(typeof(Flavor))]
    public sealed class GetMaFlavorCommand : ModelArtsSessionCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TrainInstanceType", "train_instance_type", "SpecCode", "FlavorCode")]
        [ArgumentCompleter(typeof(TrainInstanceTypeCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Code { get; set; }

        protected override void ProcessItem()
        {
            var filter = new NameFilter(Code);
            foreach (var flavor in Run(ct => Client.GetFlavorsAsync(fresh: true, ct)))
            {
                if (filter.IsMatch(flavor.Code))
                {
                    WriteObject(flavor);
                }
            }

            foreach (var code in filter.Unmatched)
            {
                WriteError(ErrorRecords.NotFound(ErrorIds.FlavorNotFound, "flavor", code));
            }
        }
    }
}
