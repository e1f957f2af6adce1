using System.Management.Automation;
using ModelArts.Core.Obs;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>What the OBS cmdlets share: the session's OBS client and OBS paths read by the module's one rule.</summary>
    public abstract class ObsCmdlet : ModelArtsSessionCmdlet
    {
        internal ObsClient Obs => Client.Obs;

        /// <summary>As the base class, but what OBS does not have is an ObsObjectNotFound.</summary>
        protected override void ProcessRecord()
        {
            if (HasSession)
            {
                TryObsItem(ProcessItem, ErrorTarget);
            }
        }

        internal void TryObsItem(System.Action action, object? target)
        {
            try
            {
                action();
            }
            catch (Core.Errors.ModelArtsException e)
            {
                WriteError(ErrorRecords.From(e, target, ErrorIds.ObsObjectNotFound));
            }
        }

        /// <summary>A path from an OBS object, a bucket or text, for pipeline input by property name.</summary>
        internal static ObsLocation Location(string path, string parameterName) => ObsLocation.Parse(path, parameterName);

        /// <summary>A local path as PowerShell resolves it (relative to the current location, ~ expanded).</summary>
        internal string LocalPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
    }
}
