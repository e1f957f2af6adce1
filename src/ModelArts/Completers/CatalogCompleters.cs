using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using ModelArts.Core;

namespace ModelArts.PowerShell.Completers
{
    /// <summary>Flavor codes (<c>train_instance_type</c>), sold-out ones marked in the tooltip.</summary>
    public sealed class TrainInstanceTypeCompleter : SessionCompleter
    {
        protected override IEnumerable<(string Value, string ToolTip)> Candidates(
            ModelArtsClient client, string parameterName, IDictionary fakeBoundParameters, CancellationToken cancellationToken) =>
            Get(client.GetFlavorsAsync, cancellationToken).Select(f => (f.Code,
                f.Cores + " cores, " + f.MemoryGiB + " GiB" + (f.GpuCount > 0 ? ", " + f.GpuCount + " x " + f.GpuType : string.Empty)
                + ", up to " + f.MaxNodes + " nodes" + (f.SoldOut ? " (sold out)" : string.Empty)));
    }

    /// <summary>Framework types (engine names).</summary>
    public sealed class FrameworkTypeCompleter : SessionCompleter
    {
        protected override IEnumerable<(string Value, string ToolTip)> Candidates(
            ModelArtsClient client, string parameterName, IDictionary fakeBoundParameters, CancellationToken cancellationToken) =>
            Get(client.GetEnginesAsync, cancellationToken).Select(e => (e.FrameworkType, e.FrameworkType + " (engine type " + e.EngineType + ")"));
    }

    /// <summary>Framework versions, only those of the -FrameworkType already on the command line.</summary>
    public sealed class FrameworkVersionCompleter : SessionCompleter
    {
        protected override IEnumerable<(string Value, string ToolTip)> Candidates(
            ModelArtsClient client, string parameterName, IDictionary fakeBoundParameters, CancellationToken cancellationToken)
        {
            var types = fakeBoundParameters.Contains("FrameworkType") ? LanguagePrimitives.ConvertTo<string[]>(fakeBoundParameters["FrameworkType"]) : null;
            return Get(client.GetEnginesAsync, cancellationToken)
                .Where(e => types == null || types.Any(t => string.Equals(t, e.FrameworkType, System.StringComparison.OrdinalIgnoreCase)))
                .Select(e => (e.FrameworkVersion, e.FrameworkType + " " + e.FrameworkVersion + " (engine id " + e.EngineId + ")"));
        }
    }
}
