using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace ModelArts.Core.Auth
{
    /// <summary>The parts of an <c>SDK-HMAC-SHA256</c> Authorization header.</summary>
    public sealed class SdkAuthorization
    {
        public SdkAuthorization(string accessKey, IReadOnlyList<string> signedHeaders, string signature)
        {
            AccessKey = accessKey;
            SignedHeaders = signedHeaders;
            Signature = signature;
        }

        public string AccessKey { get; }
        public IReadOnlyList<string> SignedHeaders { get; }
        public string Signature { get; }
    }

    /// <summary>
    /// AK/SK request signing as the official Huawei Cloud SDKs do it (<c>SDK-HMAC-SHA256</c>).
    /// The same canonicalisation serves the client (signing) and the local service (verifying),
    /// so both are pinned by the published test vectors.
    /// </summary>
    public static class AkSkSigner
    {
        public const string Algorithm = "SDK-HMAC-SHA256";
        public const string DateHeader = "X-Sdk-Date";
        public const string ContentSha256Header = "X-Sdk-Content-Sha256";
        public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        // Most requests (every GET) have no body: its hash is a constant, not a SHA-256 per call.
        private static readonly string EmptyPayloadHash = Hex(Sha256(Array.Empty<byte>()));

        public static string HashPayload(byte[] body) => body.Length == 0 ? EmptyPayloadHash : Hex(Sha256(body));

        /// <summary>The payload hash a request declares: its X-Sdk-Content-Sha256 (e.g. UNSIGNED-PAYLOAD) or the body's hash.</summary>
        public static string PayloadHash(IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
        {
            foreach (var header in headers)
            {
                if (string.Equals(header.Key, ContentSha256Header, StringComparison.OrdinalIgnoreCase))
                {
                    return header.Value.Trim();
                }
            }
            return HashPayload(body);
        }

        /// <summary>Decodes the path, re-encodes each segment per RFC 3986 and always ends it with '/'.</summary>
        public static string CanonicalUri(string path)
        {
            var decoded = Uri.UnescapeDataString(string.IsNullOrEmpty(path) ? "/" : path);
            var encoded = string.Join("/", decoded.Split('/').Select(Encode));
            return encoded.EndsWith("/", StringComparison.Ordinal) ? encoded : encoded + "/";
        }

        /// <summary>
        /// Sorts the parameters of a raw (wire-encoded) query by key, then by value, and re-encodes them per RFC 3986.
        /// Keys keep their case; a key without '=' has an empty value.
        /// </summary>
        public static string CanonicalQueryString(string? rawQuery)
        {
            if (string.IsNullOrEmpty(rawQuery))
            {
                return string.Empty;
            }
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var part in rawQuery!.TrimStart('?').Split('&'))
            {
                if (part.Length == 0)
                {
                    continue;
                }
                var eq = part.IndexOf('=');
                var key = eq < 0 ? part : part.Substring(0, eq);
                var value = eq < 0 ? string.Empty : part.Substring(eq + 1);
                pairs.Add(new KeyValuePair<string, string>(Uri.UnescapeDataString(key), Uri.UnescapeDataString(value)));
            }
            return CanonicalQueryString(pairs);
        }

        /// <summary>Canonical query of already-decoded parameters (a key may appear several times).</summary>
        public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> parameters) =>
            string.Join("&", parameters
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));

        /// <summary>
        /// The header names signed, as the Python SDK signs them (content-type and user-agent included): every header
        /// but authorization and names with '_', lower case, sorted. The .NET and Go SDKs leave content-type out; the
        /// gateway checks whatever list the client sends, so both are accepted.
        /// </summary>
        public static IReadOnlyList<string> SignedHeaderNames(IEnumerable<string> headerNames) =>
            headerNames
                .Select(name => name.ToLowerInvariant())
                .Where(name => name != "authorization" && name.IndexOf('_') < 0)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();

        public static string CanonicalRequest(
            string method,
            string path,
            string? rawQuery,
            IReadOnlyList<KeyValuePair<string, string>> headers,
            IReadOnlyList<string> signedHeaders,
            string payloadHash)
        {
            var builder = new StringBuilder();
            builder.Append(method.ToUpperInvariant()).Append('\n');
            builder.Append(CanonicalUri(path)).Append('\n');
            builder.Append(CanonicalQueryString(rawQuery)).Append('\n');
            foreach (var name in signedHeaders)
            {
                // One line per value, sorted, as the .NET SDK does for repeated headers.
                var values = headers
                    .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                    .Select(h => h.Value.Trim())
                    .OrderBy(v => v, StringComparer.Ordinal);
                foreach (var value in values)
                {
                    builder.Append(name).Append(':').Append(value).Append('\n');
                }
            }
            builder.Append('\n');
            builder.Append(string.Join(";", signedHeaders)).Append('\n');
            builder.Append(payloadHash);
            return builder.ToString();
        }

        public static string StringToSign(string canonicalRequest, string sdkDate) =>
            Algorithm + "\n" + sdkDate + "\n" + Hex(Sha256(Utf8.GetBytes(canonicalRequest)));

        public static string ComputeSignature(string stringToSign, string secretKey)
        {
            using (var hmac = new HMACSHA256(Utf8.GetBytes(secretKey)))
            {
                return Hex(hmac.ComputeHash(Utf8.GetBytes(stringToSign)));
            }
        }

        public static string FormatAuthorization(string accessKey, IReadOnlyList<string> signedHeaders, string signature) =>
            Algorithm + " Access=" + accessKey + ", SignedHeaders=" + string.Join(";", signedHeaders) + ", Signature=" + signature;

        /// <summary>
        /// Signs the given headers as they are (nothing is added): the form the SDK test vectors use.
        /// The headers must already hold X-Sdk-Date (and Host, when it is to be signed).
        /// </summary>
        public static string ComputeAuthorization(
            string method,
            Uri uri,
            IReadOnlyList<KeyValuePair<string, string>> headers,
            byte[] body,
            string accessKey,
            string secretKey)
        {
            var sdkDate = headers.FirstOrDefault(h => string.Equals(h.Key, DateHeader, StringComparison.OrdinalIgnoreCase)).Value
                ?? throw new ArgumentException("The request has no X-Sdk-Date header to sign.", nameof(headers));
            var signed = SignedHeaderNames(headers.Select(h => h.Key));
            var canonical = CanonicalRequest(method, uri.AbsolutePath, uri.Query, headers, signed, PayloadHash(headers, body));
            return FormatAuthorization(accessKey, signed, ComputeSignature(StringToSign(canonical, sdkDate), secretKey));
        }

        /// <summary>
        /// Signs an outgoing request in place: sets X-Sdk-Date (fresh for every attempt) and Host when absent,
        /// then Authorization over every request header present and the body's Content-Type (as the Python SDK does).
        /// </summary>
        public static void Sign(HttpRequestMessage request, byte[] body, string accessKey, string secretKey, DateTimeOffset now)
        {
            var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
            request.Headers.Remove("Authorization");
            if (!request.Headers.Contains(DateHeader))
            {
                request.Headers.TryAddWithoutValidation(DateHeader, now.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture));
            }
            if (string.IsNullOrEmpty(request.Headers.Host))
            {
                request.Headers.Host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
            }
            var headers = request.Headers
                .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
                .ToList();
            // Only Content-Type of the content headers: Content-Length is the transport's, and no SDK signs it.
            if (request.Content != null && request.Content.Headers.TryGetValues("Content-Type", out var contentTypes))
            {
                headers.AddRange(contentTypes.Select(v => new KeyValuePair<string, string>("Content-Type", v)));
            }

            request.Headers.TryAddWithoutValidation("Authorization", ComputeAuthorization(request.Method.Method, uri, headers, body, accessKey, secretKey));
        }

        /// <summary>
        /// Parses <c>SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex</c>, and the legacy
        /// <c>Credential=AK/date//service/sdk_request</c> form (the access key is the part before the first '/').
        /// Returns null when the header is not of this algorithm or lacks a part.
        /// </summary>
        public static SdkAuthorization? ParseAuthorization(string? authorization)
        {
            if (authorization == null || !authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            {
                return null;
            }
            string? accessKey = null, signedHeaders = null, signature = null;
            foreach (var part in authorization.Substring(Algorithm.Length + 1).Split(','))
            {
                var eq = part.IndexOf('=');
                if (eq < 0)
                {
                    return null;
                }
                var name = part.Substring(0, eq).Trim();
                var value = part.Substring(eq + 1).Trim();
                switch (name)
                {
                    case "Access": accessKey = value; break;
                    case "Credential": accessKey = value.Split('/')[0]; break;
                    case "SignedHeaders": signedHeaders = value; break;
                    case "Signature": signature = value; break;
                }
            }
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
            {
                return null;
            }
            return new SdkAuthorization(accessKey!, signedHeaders!.Split(';'), signature!);
        }

        private static string Encode(string value)
        {
            var builder = new StringBuilder(value.Length);
            foreach (var b in Utf8.GetBytes(value))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            return builder.ToString();
        }

        private static byte[] Sha256(byte[] data)
        {
            using (var sha = SHA256.Create())
            {
                return sha.ComputeHash(data);
            }
        }

        private static string Hex(byte[] bytes)
        {
            var builder = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
            return builder.ToString();
        }
    }
}
