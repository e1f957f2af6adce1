using System;
using System.Net;

namespace ModelArts.Core.Http
{
    /// <summary>How a session reaches the cloud: proxy and TLS trust. Every HTTP client of a session (ModelArts, IAM, OBS) uses them.</summary>
    public sealed class TransportOptions
    {
        /// <summary>The proxy of this session; null: HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the environment.</summary>
        public Uri? Proxy { get; set; }

        public NetworkCredential? ProxyCredential { get; set; }

        /// <summary>The signed-in user's credentials for the proxy (Windows integrated authentication).</summary>
        public bool ProxyUseDefaultCredentials { get; set; }

        /// <summary>A PEM file of extra trusted roots (a corporate CA); the usual checks stay on.</summary>
        public string? CertificateBundle { get; set; }

        /// <summary>Accept any server certificate. Explicit only; the caller warns.</summary>
        public bool SkipCertificateCheck { get; set; }
    }
}
