using System.Collections;
using System.Collections.Generic;
using System.Linq;
using ModelArts.Core.Auth;
using ModelArts.Core.Endpoints;

namespace ModelArts.PowerShell.Completers
{
    /// <summary>The regions of the built-in catalog, with their cloud.</summary>
    public sealed class RegionCompleter : CompleterBase
    {
        protected override IEnumerable<(string Value, string ToolTip)> Candidates(string parameterName, IDictionary fakeBoundParameters) =>
            RegionCatalog.Regions.Select(r => (r, r + " (" + RegionCatalog.InferCloud(r) + ")"));
    }

    /// <summary>The saved profile names (never their contents).</summary>
    public sealed class ProfileNameCompleter : CompleterBase
    {
        protected override IEnumerable<(string Value, string ToolTip)> Candidates(string parameterName, IDictionary fakeBoundParameters) =>
            ProfileStore.FromEnvironment().Names().Select(n => (n, "profile " + n));
    }
}
