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

        // Signatures and hashes are lower-case hex; percent-escapes upper-case (RFC 3986 §2.1).
        private static readonly char[] LowerHexDigits = "0123456789abcdef".ToCharArray();
        private static readonly char[] UpperHexDigits = "0123456789ABCDEF".ToCharArray();

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
            // Every ModelArts path is ids and names only: encoding would change nothing, so nothing is split or built.
            var encoded = NeedsEncoding(decoded, keepSlash: true) ? string.Join("/", decoded.Split('/').Select(Encode)) : decoded;
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
        public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> parameters)
        {
            var sorted = new List<KeyValuePair<string, string>>(parameters);
            // Key, then value: equal pairs are identical, so an unstable sort yields the same string.
            sorted.Sort((a, b) =>
            {
                var byKey = string.CompareOrdinal(a.Key, b.Key);
                return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
            });
            var builder = new StringBuilder();
            foreach (var pair in sorted)
            {
                if (builder.Length > 0)
                {
                    builder.Append('&');
                }

                builder.Append(Encode(pair.Key)).Append('=').Append(Encode(pair.Value));
            }

            return builder.ToString();
        }

        /// <summary>
        /// The header names signed, as the Python SDK signs them (content-type and user-agent included): every header
        /// but authorization and names with '_', lower case, sorted. The .NET and Go SDKs leave content-type out; the
        /// gateway checks whatever list the client sends, so both are accepted.
        /// </summary>
        public static IReadOnlyList<string> SignedHeaderNames(IEnumerable<string> headerNames)
        {
            var names = new List<string>();
            foreach (var header in headerNames)
            {
                var name = header.ToLowerInvariant();
                if (name != "authorization" && name.IndexOf('_') < 0)
                {
                    names.Add(name);
                }
            }

            names.Sort(StringComparer.Ordinal);
            // Sorted, so a repeated name sits next to its first occurrence.
            var last = 0;
            for (var i = 1; i < names.Count; i++)
            {
                if (!string.Equals(names[i], names[last], StringComparison.Ordinal))
                {
                    names[++last] = names[i];
                }
            }

            if (names.Count > 0)
            {
                names.RemoveRange(last + 1, names.Count - last - 1);
            }

            return names;
        }

        public static string CanonicalRequest(
            string method,
            string path,
            string? rawQuery,
            IReadOnlyList<KeyValuePair<string, string>> headers,
            IReadOnlyList<string> signedHeaders,
            string payloadHash)
        {
            // A canonical request of a ModelArts call is a few hundred characters: one buffer instead of five growths.
            var builder = new StringBuilder(512);
            builder.Append(method.ToUpperInvariant()).Append('\n');
            builder.Append(CanonicalUri(path)).Append('\n');
            builder.Append(CanonicalQueryString(rawQuery)).Append('\n');
            var values = new List<string>();
            foreach (var name in signedHeaders)
            {
                // One line per value, sorted, as the .NET SDK does for repeated headers.
                values.Clear();
                foreach (var header in headers)
                {
                    if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                    {
                        values.Add(header.Value.Trim());
                    }
                }

                values.Sort(StringComparer.Ordinal);
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
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var header in request.Headers)
            {
                foreach (var value in header.Value)
                {
                    headers.Add(new KeyValuePair<string, string>(header.Key, value));
                }
            }

            // Only Content-Type of the content headers: Content-Length is the transport's, and no SDK signs it.
            if (request.Content != null && request.Content.Headers.TryGetValues("Content-Type", out var contentTypes))
            {
                foreach (var value in contentTypes)
                {
                    headers.Add(new KeyValuePair<string, string>("Content-Type", value));
                }
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
            if (!NeedsEncoding(value, keepSlash: false))
            {
                return value;
            }

            var builder = new StringBuilder(value.Length * 3);
            foreach (var b in Utf8.GetBytes(value))
            {
                if (IsUnreserved((char)b))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(UpperHexDigits[b >> 4]).Append(UpperHexDigits[b & 0xF]);
                }
            }
            return builder.ToString();
        }

        // RFC 3986 unreserved characters: the only ones left as they are.
        private static bool IsUnreserved(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';

        private static bool NeedsEncoding(string value, bool keepSlash)
        {
            foreach (var c in value)
            {
                if (!IsUnreserved(c) && !(keepSlash && c == '/'))
                {
                    return true;
                }
            }

            return false;
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
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = LowerHexDigits[bytes[i] >> 4];
                chars[(2 * i) + 1] = LowerHexDigits[bytes[i] & 0xF];
            }
            return new string(chars);
        }
    }
}
