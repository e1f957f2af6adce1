using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace ModelArts.Emulator.Obs
{
    /// <summary>AWS Signature Version 4 for the <c>s3</c> service: canonical request, string to sign, signing key, chunk signatures.</summary>
    internal static class SignatureV4
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";
        public const string Service = "s3";
        public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
        public const string StreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
        public const string StreamingSignedTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
        public const string StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
        public static readonly string EmptyHash = Hex(SHA256.HashData(Array.Empty<byte>()));

        /// <param name="excludedQuery">The signature parameter of a pre-signed URL, which is not part of what it signs.</param>
        public static string CanonicalRequest(ObsRequest request, IReadOnlyList<string> signedHeaders, string payloadHash, string? excludedQuery)
        {
            var query = request.QueryPairs
                .Where(p => p.Key != excludedQuery)
                .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Name + "=" + p.Value);
            var text = new StringBuilder();
            text.Append(request.Method).Append('\n')
                .Append(CanonicalUri(request.RawPath)).Append('\n')
                .Append(string.Join("&", query)).Append('\n');
            foreach (var name in signedHeaders)
            {
                var values = request.Headers[name].Select(v => CollapseSpaces((v ?? "").Trim()));
                text.Append(name).Append(':').Append(string.Join(",", values)).Append('\n');
            }
            text.Append('\n').Append(string.Join(";", signedHeaders)).Append('\n').Append(payloadHash);
            return text.ToString();
        }

        public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
            Algorithm + "\n" + amzDate + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

        public static byte[] SigningKey(string secretKey, string date, string region)
        {
            var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
            key = Hmac(key, region);
            key = Hmac(key, Service);
            return Hmac(key, "aws4_request");
        }

        public static string Sign(byte[] signingKey, string stringToSign) => Hex(Hmac(signingKey, stringToSign));

        /// <summary>The string a chunk's signature covers: it chains to the previous signature, the seed being the request's.</summary>
        public static string ChunkStringToSign(string amzDate, string scope, string previousSignature, ReadOnlySpan<byte> chunkHash) =>
            Algorithm + "-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + EmptyHash + "\n" + Hex(chunkHash);

        public static string TrailerStringToSign(string amzDate, string scope, string previousSignature, string trailerLines) =>
            Algorithm + "-TRAILER\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(trailerLines)));

        public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

        /// <summary>The path re-encoded the S3 way (each segment once, RFC 3986 unreserved characters left as they are).</summary>
        private static string CanonicalUri(string rawPath) =>
            string.Join("/", rawPath.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment))));

        private static string Encode(string value)
        {
            var text = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~')
                {
                    text.Append(c);
                }
                else
                {
                    text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            return text.ToString();
        }

        private static string CollapseSpaces(string value)
        {
            var text = new StringBuilder(value.Length);
            foreach (var c in value)
            {
                if (c != ' ' || text.Length == 0 || text[^1] != ' ')
                {
                    text.Append(c);
                }
            }
            return text.ToString();
        }

        private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
    }
}
