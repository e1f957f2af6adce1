using System;
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

        /// <summary>Explicit, Environment or Profile:&lt;name&gt;.</summary>
        public string Source { get; set; } = "Explicit";

        public override string ToString() => (Credentials?.Describe() ?? "no credentials") + ", region " + (Region ?? "-");
    }
}
