using System;
using System.Collections.Generic;
using ModelArts.Core.Endpoints;

namespace ModelArts.Core.Auth
{
    /// <summary>Credentials plus the connection settings found next to them (environment or profile).</summary>
    public sealed class ResolvedSettings
    {
        public ModelArtsCredentials? Credentials { get; set; }

        public string? Region { get; set; }

        public CloudKind? Cloud { get; set; }

        public string? ProjectId { get; set; }

        public string? ProjectName { get; set; }

        public Uri? Endpoint { get; set; }

        public Uri? IamEndpoint { get; set; }

        /// <summary>Explicit, Environment, Profile:&lt;name&gt;, CloudsYaml:&lt;cloud&gt; (&lt;files&gt;) or CredentialsFile:&lt;path&gt;.</summary>
        public string Source { get; set; } = "Explicit";

        /// <summary>What the caller should be told about the source (a secret in a file others can read).</summary>
        public IList<string> Warnings { get; } = new List<string>();

        public override string ToString() => (Credentials?.Describe() ?? "no credentials") + ", region " + (Region ?? "-");
    }
}
