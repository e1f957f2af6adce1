using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using ModelArts.Core.Training;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Sends any call through the session's pipeline (signing or token, retries, redacted -Debug) and writes the parsed
    /// answer, so an API the cmdlets do not cover is one line away (as Invoke-AzRestMethod is for Azure).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "MaRestMethod", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeMaRestMethodCommand : ModelArtsSessionCmdlet
    {
        [Parameter(Position = 1)]
        [ValidateSet("GET", "POST", "PUT", "DELETE", "PATCH", IgnoreCase = true)]
        public string Method { get; set; } = "GET";

        /// <summary>The absolute path on the service; <c>{project_id}</c> is replaced by the session's project.</summary>
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The path on the service, e.g. /v2/{project_id}/training-job-flavors.")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>A JSON string, or an object (hashtable, PSCustomObject) written as JSON.</summary>
        [Parameter(ValueFromPipeline = true)]
        public object? Body { get; set; }

        [Parameter]
        public RestService Service { get; set; } = RestService.ModelArts;

        protected override object? ErrorTarget => Path;

        protected override void ProcessItem()
        {
            var body = Body == null ? null : PSObject.AsPSObject(Body).BaseObject as string ?? Script("param($value) ConvertTo-Json -InputObject $value -Depth 32 -Compress", Body).Single().ToString();
            var verb = Method.ToUpperInvariant();
            if (verb != "GET" && !ShouldProcess(Service + " " + verb + " " + Path + (body == null ? string.Empty : " " + body), verb))
            {
                return;
            }

            var answer = Run(ct => Client.InvokeRestAsync(verb, Path, body, Service, ct));
            if (answer.Body.Trim().Length == 0)
            {
                return;
            }

            WriteObject(Script("param($text) ConvertFrom-Json -InputObject $text", answer.Body), true);
        }

        /// <summary>The engine's own JSON cmdlets, so bodies and answers read exactly as ConvertTo-/ConvertFrom-Json make them.</summary>
        private Collection<PSObject> Script(string script, object argument) => InvokeCommand.NewScriptBlock(script).Invoke(argument);
    }
}
