using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace ModelArts.Core.Obs
{
    /// <summary>
    /// The OBS signature, as the official OBS SDKs sign by default: <c>Authorization: OBS AK:Base64(HMAC-SHA1(SK, StringToSign))</c>
    /// with StringToSign = <c>VERB\nContent-MD5\nContent-Type\nDate\n</c> + the sorted <c>x-obs-*</c> headers + the resource
    /// (<c>/bucket/key</c> as sent, plus the sorted sub-resources).
    /// </summary>
    public static class ObsSigner
    {
        public const string SecurityTokenHeader = "x-obs-security-token";

        private const string HeaderPrefix = "x-obs-";

        private static readonly char[] Ampersand = { '&' };

        // The query parameters that are part of the signed resource; the others (prefix, marker, max-keys…) are not.
        private static readonly HashSet<string> SubResources = new HashSet<string>(StringComparer.Ordinal)
        {
            "acl", "delete", "location", "partNumber", "uploadId", "uploads", "versionId", "versioning", "apiversion",
            "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
            "response-content-type", "response-expires",
        };

        public static string StringToSign(
            string method, string? contentMd5, string? contentType, string date, IEnumerable<KeyValuePair<string, string>> headers, string resourcePath, string? rawQuery)
        {
            var text = new StringBuilder();
            text.Append(method).Append('\n').Append(contentMd5).Append('\n').Append(contentType).Append('\n').Append(date).Append('\n');
            var obsHeaders = headers
                .Where(h => h.Key.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
                .GroupBy(h => h.Key.ToLowerInvariant(), h => h.Value.Trim())
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var header in obsHeaders)
            {
                text.Append(header.Key).Append(':').Append(string.Join(",", header)).Append('\n');
            }

            text.Append(resourcePath);
            var signed = Query(rawQuery).Where(p => SubResources.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            for (var i = 0; i < signed.Count; i++)
            {
                text.Append(i == 0 ? '?' : '&').Append(signed[i].Key);
                if (signed[i].Value.Length > 0)
                {
                    text.Append('=').Append(signed[i].Value);
                }
            }

            return text.ToString();
        }

        public static string Signature(string stringToSign, string secretKey)
        {
            // HMAC-SHA1 is the OBS signature's algorithm; the service defines it, not this client.
#pragma warning disable CA5350
            using (var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(secretKey)))
#pragma warning restore CA5350
            {
                return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
            }
        }

        /// <summary>
        /// Signs one attempt: sets Date (and the security token of temporary keys, which is signed as an x-obs- header)
        /// and Authorization. <paramref name="resourcePath"/> is <c>/bucket/key</c> as it is on the wire.
        /// </summary>
        public static void Sign(HttpRequestMessage request, string resourcePath, string accessKey, string secretKey, string? securityToken, DateTimeOffset now)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var date = now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
            request.Headers.Remove("Date");
            request.Headers.TryAddWithoutValidation("Date", date);
            if (securityToken != null)
            {
                request.Headers.Remove(SecurityTokenHeader);
                request.Headers.TryAddWithoutValidation(SecurityTokenHeader, securityToken);
            }

            var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
            var stringToSign = StringToSign(
                request.Method.Method,
                ContentHeader(request, "Content-MD5"),
                ContentHeader(request, "Content-Type"),
                date,
                headers,
                resourcePath,
                request.RequestUri?.Query);
            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization", "OBS " + accessKey + ":" + Signature(stringToSign, secretKey));
        }

        private static string? ContentHeader(HttpRequestMessage request, string name) =>
            request.Content != null && request.Content.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

        private static IEnumerable<KeyValuePair<string, string>> Query(string? rawQuery)
        {
            var query = (rawQuery ?? string.Empty).TrimStart('?');
            foreach (var pair in query.Split(Ampersand, StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1));
                yield return new KeyValuePair<string, string>(name, value);
            }
        }
    }
}
