// A tiny binary module whose help the HelpCompiler tests compile and read back with Get-Help.
// It has what a real cmdlet's help must describe: two parameter sets, aliases, a mandatory
// pipeline parameter, a switch, a ValidateSet, and a parameter whose attributes differ per set
// (so its markdown needs two yaml blocks).
using System.Management.Automation;

namespace HcFixture
{
    public sealed class FixtureItem
    {
        public string Name { get; set; }
        public int Id { get; set; }
        public string Size { get; set; }
    }

    [Cmdlet(VerbsCommon.Get, "HcFixture", DefaultParameterSetName = "ByName")]
    [OutputType(typeof(FixtureItem))]
    public sealed class GetHcFixtureCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByName",
            ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FixtureName", "N")]
        [SupportsWildcards]
        public string[] Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ById", ValueFromPipelineByPropertyName = true)]
        [Alias("FixtureId")]
        public int Id { get; set; }

        [Parameter(ParameterSetName = "ByName")]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = "ById")]
        [ValidateSet("Small", "Large")]
        public string Size { get; set; }

        [Parameter]
        public SwitchParameter Detailed { get; set; }

        protected override void ProcessRecord()
        {
            string size = Size ?? "Small";
            if (ParameterSetName == "ById")
            {
                WriteObject(new FixtureItem { Name = "fixture" + Id, Id = Id, Size = size });
                return;
            }
            foreach (string name in Name)
            {
                WriteObject(new FixtureItem { Name = name, Id = name.Length, Size = size });
            }
        }
    }

    [Cmdlet(VerbsCommon.Set, "HcFixture", SupportsShouldProcess = true)]
    [OutputType(typeof(FixtureItem))]
    public sealed class SetHcFixtureCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public FixtureItem InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet("Small", "Large")]
        public string Size { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ShouldProcess(InputObject.Name, "Set size to " + Size))
            {
                InputObject.Size = Size;
            }
            if (PassThru)
            {
                WriteObject(InputObject);
            }
        }
    }
}
