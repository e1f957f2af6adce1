using System;
using System.Linq;
using ModelArts.Core.Endpoints;

namespace ModelArts.Core.Obs
{
    /// <summary>
    /// Where a bucket and key are addressed: path style (<c>/bucket/key</c>) for IP and loopback endpoints, virtual-host
    /// style (<c>bucket.host/key</c>) for the clouds' named endpoints, as the OBS docs require; and the signed resource of either.
    /// </summary>
    internal sealed class ObsAddressing
    {
        private readonly Uri _endpoint;
        private readonly bool _pathStyle;

        public ObsAddressing(Uri endpoint)
        {
            _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority));
            _pathStyle = endpoint.HostNameType != UriHostNameType.Dns || EndpointPolicy.IsLoopback(endpoint);
        }

        public Uri Endpoint => _endpoint;

        /// <param name="query">Already escaped, without '?'; empty for none.</param>
        public Uri Object(string? bucket, string key, string query)
        {
            var escapedKey = string.Join("/", key.Split('/').Select(Uri.EscapeDataString));
            string text;
            if (bucket == null)
            {
                text = _endpoint.GetLeftPart(UriPartial.Authority) + "/";
            }
            else if (_pathStyle)
            {
                text = _endpoint.GetLeftPart(UriPartial.Authority) + "/" + bucket + "/" + escapedKey;
            }
            else
            {
                var port = _endpoint.IsDefaultPort ? string.Empty : ":" + _endpoint.Port;
                text = _endpoint.Scheme + "://" + bucket + "." + _endpoint.Host + port + "/" + escapedKey;
            }

            return new Uri(query.Length == 0 ? text : text + "?" + query);
        }

        /// <summary>The resource the OBS signature covers: <c>/bucket/key</c> as sent, whichever style addressed it.</summary>
        public string ResourcePath(Uri uri)
        {
            if (_pathStyle || string.Equals(uri.Host, _endpoint.Host, StringComparison.OrdinalIgnoreCase))
            {
                return uri.AbsolutePath;
            }

            var bucket = uri.Host.Substring(0, uri.Host.Length - _endpoint.Host.Length - 1);
            return "/" + bucket + uri.AbsolutePath;
        }
    }
}
