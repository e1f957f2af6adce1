using System;
using System.Collections;
using System.Net;
using System.Net.Http;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// Builds the one handler of a session from its <see cref="TransportOptions"/>: proxy (the session's, else the
    /// environment's) and TLS trust. Every client of a session sends through a handler made here, so ModelArts, IAM and
    /// OBS traffic take the same way out.
    /// </summary>
    public static class TransportHandler
    {
        public static HttpMessageHandler Create(TransportOptions? transport, IDictionary? environment = null)
        {
            var options = transport ?? new TransportOptions();
            var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };
            var defaultCredentials = options.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : null;
            if (options.Proxy != null)
            {
                // As Invoke-RestMethod -Proxy: every request goes through it, loopback included.
                handler.Proxy = new WebProxy(new UriBuilder(options.Proxy) { UserName = string.Empty, Password = string.Empty }.Uri, BypassOnLocal: false)
                {
                    Credentials = (ICredentials?)options.ProxyCredential ?? EnvironmentProxy.UserInfoCredentials(options.Proxy) ?? defaultCredentials,
                };
                handler.UseProxy = true;
            }
            else
            {
                var fromEnvironment = EnvironmentProxy.FromEnvironment(environment ?? Environment.GetEnvironmentVariables());
                if (fromEnvironment != null)
                {
                    fromEnvironment.Credentials = options.ProxyCredential ?? fromEnvironment.Credentials ?? defaultCredentials;
                    handler.Proxy = fromEnvironment;
                    handler.UseProxy = true;
                }
            }

            var validator = new CertificateValidator(options.CertificateBundle == null ? null : CertificateBundle.Load(options.CertificateBundle), options.SkipCertificateCheck);
            handler.ServerCertificateCustomValidationCallback = validator.Validate;
            return handler;
        }
    }
}
