using System;
using ModelArts.Core;
using ModelArts.Core.Auth;
using ModelArts.Core.Endpoints;

namespace ModelArts.PowerShell
{
    /// <summary>
    /// A verified connection: what Connect-MaSession stores as the default and returns with -PassThru.
    /// Every public member is safe to show, format or serialise; the client (and so every secret) is internal.
    /// The kinds (TrainingApi, AuthenticationType, Cloud) are names, not enums: ConvertTo-Json writes an enum as
    /// its number, and comparing with a name (<c>-eq 'V2'</c>) works the same on a string.
    /// </summary>
    public sealed class ModelArtsSession
    {
        private static readonly object DefaultLock = new object();
        private static ModelArtsSession? _defaultSession;

        internal ModelArtsSession(ModelArtsClient client, string projectId, Uri? iamEndpoint, string? region, CloudKind? cloud)
        {
            Client = client;
            Endpoint = client.Endpoint;
            IamEndpoint = iamEndpoint;
            Region = region;
            Cloud = cloud?.ToString();
            ProjectId = projectId;
            TrainingApi = client.TrainingApi.ToString();
            CredentialSource = client.Credentials.Source;
            ConnectedAt = DateTimeOffset.UtcNow;
            switch (client.Credentials)
            {
                case AccessKeyCredentials accessKey:
                    AuthenticationType = "AkSk";
                    AccessKey = accessKey.MaskedAccessKey;
                    break;
                case PasswordCredentials password:
                    AuthenticationType = "Password";
                    UserName = password.UserName;
                    DomainName = password.DomainName;
                    break;
            }
        }

        public Uri Endpoint { get; }

        public Uri? IamEndpoint { get; }

        /// <summary>Where the OBS cmdlets send their requests; null when the session has none.</summary>
        public Uri? ObsEndpoint => Client.ObsEndpoint;

        public string? Region { get; }

        /// <summary>The cloud of the region catalog (HuaweiCloud or OpenTelekomCloud); null for an endpoint outside it.</summary>
        public string? Cloud { get; }

        public string ProjectId { get; }

        /// <summary>V2 or V1: which training API the job cmdlets speak.</summary>
        public string TrainingApi { get; }

        /// <summary>AkSk or Password.</summary>
        public string AuthenticationType { get; } = string.Empty;

        /// <summary>Explicit, Environment, Profile:&lt;name&gt;, CloudsYaml:&lt;cloud&gt; (&lt;files&gt;) or CredentialsFile:&lt;path&gt;.</summary>
        public string CredentialSource { get; }

        /// <summary>The access key with all but its first and last four characters masked.</summary>
        public string? AccessKey { get; }

        public string? UserName { get; }

        public string? DomainName { get; }

        /// <summary>When the session was verified, in UTC.</summary>
        public DateTimeOffset ConnectedAt { get; }

        /// <summary>False once Disconnect-MaSession has closed it.</summary>
        public bool IsConnected => !Disconnected;

        internal ModelArtsClient Client { get; }

        internal bool Disconnected { get; private set; }

        internal static ModelArtsSession? Default
        {
            get
            {
                lock (DefaultLock)
                {
                    return _defaultSession;
                }
            }
        }

        /// <summary>Makes <paramref name="session"/> the default. The one it replaces stays usable for whoever holds it.</summary>
        internal static void SetDefault(ModelArtsSession session)
        {
            lock (DefaultLock)
            {
                _defaultSession = session;
            }
        }

        /// <summary>Closes the session; clears the default when it is the default.</summary>
        internal void Disconnect()
        {
            lock (DefaultLock)
            {
                if (ReferenceEquals(_defaultSession, this))
                {
                    _defaultSession = null;
                }
            }

            Disconnected = true;
            Client.Dispose();
        }

        public override string ToString() =>
            Endpoint + " project " + ProjectId + " (" + AuthenticationType + ", " + CredentialSource + ")";
    }
}
