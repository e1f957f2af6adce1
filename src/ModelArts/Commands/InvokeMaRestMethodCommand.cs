using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Xml;
using ModelArts.Core.Training;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Sends any call through the session's pipeline (signing or token, retries, redacted -Debug) and writes the parsed
    /// answer, so an API the cmdlets do not cover is one line away (as Invoke-AzRestMethod is for Azure).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "MaRestMethod", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PSObject), typeof(XmlDocument), typeof(string))]
    public sealed class InvokeMaRestMethodCommand : ModelArtsSessionCmdlet
    {
        [Parameter(Position = 1)]
        [ValidateSet("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", IgnoreCase = true)]
        public string Method { get; set; } = "GET";

        /// <summary>
        /// The absolute path on the service; <c>{project_id}</c> is replaced by the session's project. On OBS:
        /// <c>/bucket/key</c>, with an optional query, or <c>/</c> for the buckets.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The path on the service, e.g. /v2/{project_id}/training-job-flavors.")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>A string or bytes as they are, or an object (hashtable, PSCustomObject) written as JSON.</summary>
        [Parameter(ValueFromPipeline = true)]
        public object? Body { get; set; }

        /// <summary>The body's Content-Type; application/json on ModelArts and IAM, application/octet-stream on OBS.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ContentType { get; set; }

        [Parameter]
        public RestService Service { get; set; } = RestService.ModelArts;

        /// <summary>A variable that receives the answer's headers (name → values), as Invoke-RestMethod's parameter of that name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResponseHeadersVariable { get; set; }

        protected override object? ErrorTarget => Path;

        protected override void ProcessItem()
        {
            var given = Body == null ? null : PSObject.AsPSObject(Body).BaseObject;
            var body = given switch
            {
                null => null,
                byte[] bytes => bytes,
                string text => Encoding.UTF8.GetBytes(text),
                _ => Encoding.UTF8.GetBytes(Script("param($value) ConvertTo-Json -InputObject $value -Depth 32 -Compress", Body!).Single().ToString()),
            };
            var verb = Method.ToUpperInvariant();
            var shown = (given is byte[]) ? " (" + body!.Length + " bytes)" : body == null ? string.Empty : " " + Encoding.UTF8.GetString(body);
            if (verb != "GET" && verb != "HEAD" && !ShouldProcess(Service + " " + verb + " " + Path + shown, verb))
            {
                return;
            }

            var answer = Run(ct => Client.InvokeRestAsync(verb, Path, body, ContentType, Service, ct));
            if (ResponseHeadersVariable != null)
            {
                SessionState.PSVariable.Set(ResponseHeadersVariable, answer.Headers);
            }

            if (answer.Body.Trim().Length == 0)
            {
                return;
            }

            if (Service != RestService.Obs)
            {
                WriteObject(Script("param($text) ConvertFrom-Json -InputObject $text", answer.Body), true);
            }
            else
            {
                // As Invoke-RestMethod: an XML answer as an XmlDocument, anything else as its text.
                WriteObject(ReadXml(answer.Body) ?? (object)answer.Body);
            }
        }

        private static XmlDocument? ReadXml(string text)
        {
            if (!text.TrimStart().StartsWith("<", System.StringComparison.Ordinal))
            {
                return null;
            }

            var document = new XmlDocument { XmlResolver = null };
            try
            {
                using (var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
                {
                    document.Load(reader);
                }

                return document;
            }
            catch (XmlException)
            {
                return null;
            }
        }

        /// <summary>The engine's own JSON cmdlets, so bodies and answers read exactly as ConvertTo-/ConvertFrom-Json make them.</summary>
        private Collection<PSObject> Script(string script, object argument) => InvokeCommand.NewScriptBlock(script).Invoke(argument);
    }
}
