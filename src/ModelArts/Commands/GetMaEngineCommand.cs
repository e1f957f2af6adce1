using System.Management.Automation;
using ModelArts.Core.Models;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>The training engines (framework type and version pairs), like the SDK's <c>get_framework_list</c>.</summary>
    [Cmdlet(VerbsCommon.Get, "MaEngine")]
    [OutputType(typeof(Engine))]
    public sealed class GetMaEngineCommand : ModelArtsSessionCmdlet
    {
        [Parameter(Position = 0)]
        [Alias("framework_type", "EngineName")]
        [ArgumentCompleter(typeof(FrameworkTypeCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? FrameworkType { get; set; }

        [Parameter(Position = 1)]
        [Alias("framework_version", "EngineVersion")]
        [ArgumentCompleter(typeof(FrameworkVersionCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? FrameworkVersion { get; set; }

        protected override void ProcessItem()
        {
            var types = new NameFilter(FrameworkType);
            var versions = new NameFilter(FrameworkVersion);
            foreach (var engine in Run(ct => Client.GetEnginesAsync(fresh: true, ct)))
            {
                if (types.IsMatch(engine.FrameworkType) && versions.IsMatch(engine.FrameworkVersion))
                {
                    WriteObject(engine);
                }
            }

            foreach (var name in types.Unmatched)
            {
                WriteError(ErrorRecords.NotFound(ErrorIds.EngineNotFound, "framework type", name));
            }

            foreach (var name in versions.Unmatched)
            {
                WriteError(ErrorRecords.NotFound(ErrorIds.EngineNotFound, "framework version", name));
            }
        }
    }
}
