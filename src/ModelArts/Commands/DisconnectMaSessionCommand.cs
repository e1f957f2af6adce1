using System.Management.Automation;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>Closes a session (the default one unless -Session is given) and forgets it as the default.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "MaSession")]
    [OutputType(typeof(void))]
    public sealed class DisconnectMaSessionCommand : ModelArtsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ModelArtsSession? Session { get; set; }

        protected override void ProcessItem()
        {
            var session = Session ?? ModelArtsSession.Default;
            if (session == null)
            {
                Verbose("There is no default session to disconnect.");
                return;
            }

            session.Disconnect();
            Verbose("Disconnected " + session + ".");
        }
    }
}
