using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace ModelArts.Emulator.Obs
{
    /// <summary>The two HMAC-SHA1 schemes: the OBS signature (<c>OBS</c>, <c>x-obs-*</c>) and AWS V2 (<c>AWS</c>, <c>x-amz-*</c>).</summary>
    internal sealed class SignatureV2
    {
        private static readonly string[] CommonSubResources =
        {
            "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
            "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
            "response-content-type", "response-expires", "restore", "tagging", "torrent", "uploadId", "uploads", "versionId",
            "versioning", "versions", "website",
        };

        public static readonly SignatureV2 Obs = new SignatureV2("OBS", "x-obs-", "AccessKeyId",
            CommonSubResources.Concat(new[] { "append", "position", "metadata", "storageClass", "storagePolicy", "quota", "storageinfo", "x-obs-security-token", "apiversion" }));

        public static readonly SignatureV2 Aws = new SignatureV2("AWS", "x-amz-", "AWSAccessKeyId", CommonSubResources);

        private readonly HashSet<string> _subResources;

        private SignatureV2(string scheme, string headerPrefix, string accessKeyParameter, IEnumerable<string> subResources)
        {
            Scheme = scheme;
            HeaderPrefix = headerPrefix;
            AccessKeyParameter = accessKeyParameter;
            _subResources = new HashSet<string>(subResources, StringComparer.Ordinal);
        }

        /// <summary><c>OBS</c> or <c>AWS</c>, as in the Authorization header.</summary>
        public string Scheme { get; }

        public string HeaderPrefix { get; }

        /// <summary>The access key's name in a pre-signed URL.</summary>
        public string AccessKeyParameter { get; }

        public string DateHeader => HeaderPrefix + "date";

        public string SecurityTokenHeader => HeaderPrefix + "security-token";

        /// <param name="dateOrExpires">The Date header (empty when the prefixed date header is sent), or Expires for URLs.</param>
        public string StringToSign(ObsRequest request, string dateOrExpires)
        {
            var canonicalHeaders = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var header in request.Headers)
            {
                var name = header.Key.ToLowerInvariant();
                if (name.StartsWith(HeaderPrefix, StringComparison.Ordinal))
                {
                    Add(canonicalHeaders, name, header.Value.Select(v => (v ?? "").Trim()));
                }
            }
            foreach (var pair in request.QueryPairs)
            {
                // Pre-signed URLs carry the prefixed headers (the security token) as query parameters.
                var name = pair.Key.ToLowerInvariant();
                if (name.StartsWith(HeaderPrefix, StringComparison.Ordinal) && !_subResources.Contains(pair.Key))
                {
                    Add(canonicalHeaders, name, new[] { pair.Value.Trim() });
                }
            }
            var text = new StringBuilder();
            text.Append(request.Method).Append('\n')
                .Append(request.Header("Content-MD5")).Append('\n')
                .Append(request.Header("Content-Type")).Append('\n')
                .Append(dateOrExpires).Append('\n');
            foreach (var header in canonicalHeaders)
            {
                text.Append(header.Key).Append(':').Append(string.Join(",", header.Value)).Append('\n');
            }
            text.Append(request.ResourcePath);
            var subResources = request.QueryPairs.Where(p => _subResources.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            for (var i = 0; i < subResources.Count; i++)
            {
                text.Append(i == 0 ? '?' : '&').Append(subResources[i].Key);
                if (subResources[i].Value.Length > 0)
                {
                    text.Append('=').Append(subResources[i].Value);
                }
            }
            return text.ToString();
        }

        // HMAC-SHA1 is the OBS V2 signature's algorithm; the clients define it, not this service.
#pragma warning disable CA5350
        public static string Sign(string secretKey, string stringToSign) =>
            Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
#pragma warning restore CA5350

        private static void Add(SortedDictionary<string, List<string>> headers, string name, IEnumerable<string> values)
        {
            if (!headers.TryGetValue(name, out var list))
            {
                headers[name] = list = new List<string>();
            }
            list.AddRange(values);
        }
    }
}
