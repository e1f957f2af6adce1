using System;
using System.Collections;
using System.Linq;
using System.Net;
using ModelArts.Core.Auth;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) read the same way on every platform: Windows PowerShell's
    /// .NET Framework ignores them, and .NET's own reading differs between platforms.
    /// </summary>
    internal sealed class EnvironmentProxy : IWebProxy
    {
        private static readonly char[] ListSeparators = { ',', ' ' };
        private static readonly char[] UserInfoSeparator = { ':' };

        private readonly Uri? _https;
        private readonly Uri? _http;
        private readonly string[] _bypass;

        private EnvironmentProxy(Uri? https, Uri? http, string[] bypass, ICredentials? credentials)
        {
            _https = https;
            _http = http;
            _bypass = bypass;
            Credentials = credentials;
        }

        public ICredentials? Credentials { get; set; }

        /// <summary>The proxy the environment names, or null when it names none.</summary>
        public static EnvironmentProxy? FromEnvironment(IDictionary environment)
        {
            var https = ProxyUri(environment, "HTTPS_PROXY");
            var http = ProxyUri(environment, "HTTP_PROXY");
            if (https == null && http == null)
            {
                return null;
            }

            var bypass = (Get(environment, "NO_PROXY") ?? string.Empty)
                .Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Trim().TrimStart('*').TrimStart('.').ToLowerInvariant())
                .ToArray();
            return new EnvironmentProxy(https, http, bypass, UserInfoCredentials(https ?? http!));
        }

        /// <summary>The user:password of a proxy URL, as curl and .NET take them.</summary>
        public static NetworkCredential? UserInfoCredentials(Uri proxy)
        {
            if (string.IsNullOrEmpty(proxy.UserInfo))
            {
                return null;
            }

            var parts = proxy.UserInfo.Split(UserInfoSeparator, 2);
            return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }

        public Uri? GetProxy(Uri destination)
        {
            var proxy = destination.Scheme == Uri.UriSchemeHttps ? _https ?? _http : _http;
            return proxy == null || IsBypassed(destination) ? null : WithoutUserInfo(proxy);
        }

        public bool IsBypassed(Uri host)
        {
            var name = host.IdnHost.ToLowerInvariant();
            var withPort = name + ":" + host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return _bypass.Any(entry => entry == "*" || name == entry || withPort == entry || name.EndsWith("." + entry, StringComparison.Ordinal));
        }

        private static Uri WithoutUserInfo(Uri proxy) => new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri;

        private static Uri? ProxyUri(IDictionary environment, string name)
        {
            var value = Get(environment, name);
            if (value == null)
            {
                return null;
            }

            // curl takes a bare host:port as http://host:port.
            var text = value.Contains("://") ? value : "http://" + value;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ModelArtsValidationException(ValidationErrorIds.InvalidProxy, name + " is not an http:// proxy address.", name);
            }

            return uri;
        }

        // The upper-case name first, then curl's lower-case one.
        private static string? Get(IDictionary environment, string name) =>
            (CredentialChain.Get(environment, name) ?? CredentialChain.Get(environment, name.ToLowerInvariant()))?.Trim();
    }
}
