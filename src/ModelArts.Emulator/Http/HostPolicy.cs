using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Http
{
    /// <summary>
    /// Which Host headers the service answers, against DNS rebinding (a web page whose own name resolves to 127.0.0.1).
    /// Accepted: an IP address the service listens on (any IP address when it listens on all of them, since an
    /// address is never rebound), <c>localhost</c> when it listens on loopback, the names it was told to listen on or
    /// given with <c>--host-names</c>, and <c>&lt;bucket&gt;.&lt;accepted name&gt;</c> for virtual-host-style OBS requests.
    /// The port is not compared: a forwarded port is still the same service.
    /// </summary>
    internal sealed class HostPolicy
    {
        private readonly HashSet<IPAddress> _addresses = new HashSet<IPAddress>();
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly bool _anyAddress;

        public HostPolicy(IEnumerable<string> listenUrls, IEnumerable<string> hostNames)
        {
            foreach (var url in listenUrls)
            {
                var host = Normalise(ListenUrl.Parse(url)?.Host ?? string.Empty);
                if (IPAddress.TryParse(host, out var wildcard) && (wildcard.Equals(IPAddress.Any) || wildcard.Equals(IPAddress.IPv6Any)))
                {
                    _anyAddress = true;
                    _names.Add("localhost");
                }
                else if (IPAddress.TryParse(host, out var address))
                {
                    _addresses.Add(address);
                    if (IPAddress.IsLoopback(address))
                    {
                        _names.Add("localhost");
                    }
                }
                else if (host == "localhost")
                {
                    // Kestrel listens on both loopback addresses for localhost.
                    _names.Add(host);
                    _addresses.Add(IPAddress.Loopback);
                    _addresses.Add(IPAddress.IPv6Loopback);
                }
                else if (host.Length > 0)
                {
                    _names.Add(host);
                }
            }
            foreach (var name in hostNames)
            {
                _names.Add(Normalise(name));
            }
        }

        /// <summary>The names accepted besides IP addresses, for messages.</summary>
        public IReadOnlyCollection<string> Names => _names;

        /// <summary>True when a request whose Host header is <paramref name="hostHeader"/> may be served.</summary>
        public bool Accepts(string hostHeader)
        {
            var name = Normalise(new HostString(hostHeader).Host);
            if (name.Length == 0)
            {
                return false;
            }
            if (IsOwnName(name))
            {
                return true;
            }
            var dot = name.IndexOf('.');
            while (dot > 0)
            {
                if (IsOwnName(name.Substring(dot + 1)) && SafePath.IsBucketName(name.Substring(0, dot)))
                {
                    return true;
                }
                dot = name.IndexOf('.', dot + 1);
            }
            return false;
        }

        private bool IsOwnName(string name) =>
            IPAddress.TryParse(name, out var address) ? _anyAddress || _addresses.Contains(address) : _names.Contains(name);

        public async Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            var host = context.Request.Headers.Host.ToString();
            if (!Accepts(host))
            {
                throw ApiException.Gateway(StatusCodes.Status404NotFound, "APIG.0101",
                    $"The API does not exist or has not been published in the environment: the Host '{Printable(host)}' names no address or name "
                    + $"of this service (names: {string.Join(", ", _names.DefaultIfEmpty("none"))}; add more with --host-names).");
            }
            await next(context);
        }

        private static string Normalise(string name) => name.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();

        private static string Printable(string host) => new string(host.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
