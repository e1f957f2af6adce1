using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelArts.Core.Http
{
    /// <summary>Builds request addresses from a configured base, a path and query parameters (nulls left out).</summary>
    internal static class Url
    {
        public static Uri Combine(Uri baseUri, string path, params KeyValuePair<string, string?>[] query)
        {
            var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            var pairs = query.Where(p => p.Value != null).Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value!)).ToList();
            return new Uri(root + "/" + path.TrimStart('/') + (pairs.Count == 0 ? string.Empty : "?" + string.Join("&", pairs)));
        }

        /// <summary>An IAM v3 address; the configured endpoint may or may not end in /v3 (OS_AUTH_URL does).</summary>
        public static Uri IamV3(Uri iamEndpoint, string path, params KeyValuePair<string, string?>[] query)
        {
            var root = iamEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
            if (root.EndsWith("/v3", StringComparison.OrdinalIgnoreCase))
            {
                root = root.Substring(0, root.Length - 3);
            }

            return Combine(new Uri(root), "v3/" + path, query);
        }

        public static KeyValuePair<string, string?> Query(string name, object? value) =>
            new KeyValuePair<string, string?>(name, value == null ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
