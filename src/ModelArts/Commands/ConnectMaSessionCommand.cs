using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using ModelArts.Core;
using ModelArts.Core.Auth;
using ModelArts.Core.Endpoints;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Training;
using ModelArts.PowerShell.Completers;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Signs in (AK/SK, IAM password, the environment or a saved profile), proves the credentials with one cheap
    /// call and makes the result the default session. A failure leaves the previous default untouched.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "MaSession", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(ModelArtsSession))]
    public sealed class ConnectMaSessionCommand : ModelArtsCmdlet
    {
        private const string AkSkSet = "AkSk";
        private const string PasswordSet = "Password";
        private const string EnvironmentSet = "Environment";
        private const string ProfileSet = "Profile";
        private const string CloudSet = "Cloud";

        [Parameter(Mandatory = true, ParameterSetName = AkSkSet, HelpMessage = "The access key (AK) of the account or IAM user.")]
        [Alias("access_key", "AK")]
        [ValidateNotNullOrEmpty]
        public string AccessKey { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = AkSkSet, HelpMessage = "The secret key (SK) that belongs to the access key.")]
        [Alias("SK")]
        [ValidateNotNull]
        public SecureString SecretKey { get; set; } = null!;

        /// <summary>Makes the keys temporary AK/SK; sent as X-Security-Token.</summary>
        [Parameter(ParameterSetName = AkSkSet)]
        public SecureString? SecurityToken { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PasswordSet, HelpMessage = "The IAM user name and password.")]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; } = null!;

        /// <summary>The account (domain) of an IAM user; absent for an account login or a DOMAIN\user credential.</summary>
        [Parameter(ParameterSetName = PasswordSet)]
        [Alias("Account")]
        public string? DomainName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ProfileSet, HelpMessage = "The name of a profile saved with Connect-MaSession -SaveProfile.")]
        [Alias("Profile")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string ProfileName { get; set; } = null!;

        /// <summary>Saves the verified connection under this name (owner-only file) for -ProfileName later.</summary>
        [Parameter(ParameterSetName = AkSkSet)]
        [Parameter(ParameterSetName = PasswordSet)]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? SaveProfile { get; set; }

        // Where OpenStack users keep their clouds, and how the session gets out of a corporate network (proxy, TLS trust).
        [Parameter(Mandatory = true, ParameterSetName = CloudSet, HelpMessage = "The name of a cloud in clouds.yaml (as OS_CLOUD).")]
        [Alias("OsCloud")]
        [ValidateNotNullOrEmpty]
        public string CloudName { get; set; } = null!;

        /// <summary>The proxy of this session (as Invoke-RestMethod's -Proxy); else HTTPS_PROXY / HTTP_PROXY / NO_PROXY.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? ProxyCredential { get; set; }

        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>A PEM file of extra trusted root certificates (a corporate CA); the checks stay on.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CertificateBundle { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        [Alias("region_name")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }

        [Parameter]
        [Alias("project_id")]
        [ValidateNotNullOrEmpty]
        public string? ProjectId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProjectName { get; set; }

        [Parameter]
        [Alias("modelarts_endpoint")]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [Alias("iam_endpoint")]
        [ValidateNotNull]
        public Uri? IamEndpoint { get; set; }

        /// <summary>The OBS endpoint; when absent, the local service's own address, else the region's from the catalog.</summary>
        [Parameter]
        [Alias("obs_endpoint")]
        [ValidateNotNull]
        public Uri? ObsEndpoint { get; set; }

        /// <summary>Inferred from the region when absent.</summary>
        [Parameter]
        public CloudKind? Cloud { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The training API of the session's job cmdlets: V2 (the default; what both clouds sell) or V1 (OTC's old jobs).</summary>
        [Parameter]
        public TrainingApi TrainingApi { get; set; } = TrainingApi.V2;

        /// <summary>Seconds to wait for each answer (per attempt; a retry waits again). 30 when absent. As Invoke-RestMethod's -TimeoutSec.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int? TimeoutSec { get; set; }

        /// <summary>Retries of a failed call (throttled, unreachable, timed out, 5xx) after the first attempt; 3 when absent. As Invoke-RestMethod's -MaximumRetryCount.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int? MaximumRetryCount { get; set; }

        /// <summary>
        /// Allows plain http to a host that is not loopback, e.g. a local service in a CI container on another host.
        /// Warns: tokens and signed requests then travel in clear.
        /// </summary>
        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        protected override void ProcessRecord()
        {
            ModelArtsClient? client = null;
            try
            {
                var found = CredentialChain.Resolve(
                    ExplicitCredentials(), ParameterSetName == ProfileSet ? ProfileName : null, cloudName: ParameterSetName == CloudSet ? CloudName : null, currentDirectory: SessionState.Path.CurrentFileSystemLocation.ProviderPath);
                foreach (var warning in found.Warnings)
                {
                    WriteWarning(warning);
                }

                var settings = ConnectionSettings.Merge(found, Region, Cloud, ProjectId, ProjectName, Endpoint, IamEndpoint);
                Verbose("Connecting to " + settings.Endpoint + " (IAM " + settings.IamEndpoint + ") with " + settings.Credentials!.Describe() + ".");
                var options = ConnectionSettings.ToClientOptions(settings);
                options.TrainingApi = TrainingApi;
                if (TimeoutSec.HasValue)
                {
                    options.Timeout = TimeSpan.FromSeconds(TimeoutSec.Value);
                }

                if (MaximumRetryCount.HasValue)
                {
                    options.Retry.MaxAttempts = MaximumRetryCount.Value + 1;
                }

                if (AllowInsecureHttp)
                {
                    options.AllowInsecureHttp = true;
                    WriteWarning("-AllowInsecureHttp: plain http to a host that is not loopback is allowed for this session; its tokens and signed requests travel unencrypted. Use it only for a local service on a network you trust.");
                }

                options.Transport = Transport();

                options.ObsEndpoint = ObsEndpoint ?? options.ObsEndpoint;

                client = new ModelArtsClient(options);
                var connecting = client;
                settings.ProjectId = Run(ct => connecting.EnsureProjectIdAsync(ct));
                Run(ct => connecting.VerifyAsync(ct));

                var session = new ModelArtsSession(client, settings.ProjectId, settings.IamEndpoint, settings.Region, settings.Cloud);
                if (SaveProfile != null)
                {
                    var store = ProfileStore.FromEnvironment();
                    store.Save(SaveProfile, settings);
                    Verbose("Saved profile '" + SaveProfile + "' in " + store.Path + ".");
                }

                ModelArtsSession.SetDefault(session);
                if (PassThru)
                {
                    WriteObject(session);
                }
            }
            catch (ModelArtsException e)
            {
                client?.Dispose();
                Fail(ErrorRecords.From(e, Target, ErrorIds.ProjectNotFound));
            }
            catch (ArgumentException e)
            {
                // An empty secret key, password or user name, found by the credential types.
                client?.Dispose();
                Fail(new ErrorRecord(e, ErrorIds.InvalidCredentials, ErrorCategory.InvalidArgument, Target));
            }
            catch
            {
                client?.Dispose();
                throw;
            }
        }

        // Who is connecting, never a secret.
        private object? Target => AccessKey ?? Credential?.UserName ?? ProfileName ?? CloudName ?? (object?)Endpoint;

        private TransportOptions Transport()
        {
            if (SkipCertificateCheck)
            {
                // Once per session: the session is made here, and nothing later warns again.
                WriteWarning("-SkipCertificateCheck: server certificates are not checked for this session; anyone on the path can read and change its traffic.");
            }

            return new TransportOptions
            {
                Proxy = Proxy,
                ProxyCredential = ProxyCredential?.GetNetworkCredential(),
                ProxyUseDefaultCredentials = ProxyUseDefaultCredentials,
                CertificateBundle = CertificateBundle == null ? null : GetUnresolvedProviderPathFromPSPath(CertificateBundle),
                SkipCertificateCheck = SkipCertificateCheck,
            };
        }

        private ModelArtsCredentials? ExplicitCredentials()
        {
            switch (ParameterSetName)
            {
                case AkSkSet:
                    return new AccessKeyCredentials(AccessKey, Plain(SecretKey), SecurityToken == null ? null : Plain(SecurityToken));
                case PasswordSet:
                    var network = Credential.GetNetworkCredential();
                    var domain = DomainName ?? (string.IsNullOrEmpty(network.Domain) ? null : network.Domain);
                    return new PasswordCredentials(network.UserName, network.Password, domain);
                default:
                    return null;
            }
        }

        private static string Plain(SecureString value) => new NetworkCredential(string.Empty, value).Password;
    }
}
