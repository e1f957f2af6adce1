using System;
using System.Collections.Generic;
using System.Text;

namespace ModelArts.Core.Http
{
    /// <summary>Builds request addresses from a configured base, a path and query parameters (nulls left out).</summary>
    internal static class Url
    {
        public static Uri Combine(Uri baseUri, string path, params KeyValuePair<string, string?>[] query)
        {
            // Built on every request: one builder, no LINQ.
            var address = new StringBuilder(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/')).Append('/').Append(path.TrimStart('/'));
            var separator = '?';
            foreach (var pair in query)
            {
                if (pair.Value != null)
                {
                    address.Append(separator).Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
                    separator = '&';
                }
            }

            return new Uri(address.ToString());
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
