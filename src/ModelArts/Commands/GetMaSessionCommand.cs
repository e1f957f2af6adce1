using System.Management.Automation;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>The default session: endpoint, project and where the credentials came from, never a secret.</summary>
    [Cmdlet(VerbsCommon.Get, "MaSession")]
    [OutputType(typeof(ModelArtsSession))]
    public sealed class GetMaSessionCommand : ModelArtsCmdlet
    {
        protected override void ProcessItem()
        {
            var session = ModelArtsSession.Default;
            if (session != null)
            {
                WriteObject(session);
            }
        }
    }
}
