using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace ModelArts.Emulator.Tests.Obs
{
    public enum ObsScheme
    {
        /// <summary><c>Authorization: OBS AK:sig</c> with <c>x-obs-*</c> headers.</summary>
        Obs,

        /// <summary><c>Authorization: AWS AK:sig</c> with <c>x-amz-*</c> headers.</summary>
        AwsV2,

        /// <summary><c>AWS4-HMAC-SHA256</c> with a signed payload hash.</summary>
        V4,
    }

    /// <summary>An OBS answer: status, headers, body and (for XML bodies) the parsed root.</summary>
    public sealed record ObsAnswer(HttpStatusCode Status, HttpResponseMessage Response, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public XElement Xml => XDocument.Parse(Text).Root!;

        /// <summary>The error code of an error body.</summary>
        public string Code => Body.Length == 0 ? "" : Xml.Element("Code")?.Value ?? "";

        public string? Header(string name) =>
            Response.Headers.TryGetValues(name, out var values) ? values.First()
            : Response.Content.Headers.TryGetValues(name, out var content) ? content.First() : null;

        /// <summary>The values of every element of that local name (the S3 namespace left out).</summary>
        public IReadOnlyList<string> All(string name) => Xml.Descendants().Where(e => e.Name.LocalName == name).Select(e => e.Value).ToList();

        public string? One(string name) => All(name).FirstOrDefault();
    }

    /// <summary>
    /// A small OBS/S3 client for the tests, written from the OBS and AWS documentation independently of the service's
    /// code, so a signature it makes and the service accepts is evidence that both follow the documents.
    /// </summary>
    public sealed record ObsClient
    {
        private static readonly string[] SubResources = { "acl", "delete", "location", "partNumber", "uploadId", "uploads", "versioning", "response-content-type" };

        private readonly HttpClient _http;

        public ObsClient(HttpClient http, string baseUrl, string accessKey, string secretKey, string region = "local-1", ObsScheme scheme = ObsScheme.V4)
        {
            _http = http;
            BaseUrl = baseUrl.TrimEnd('/');
            AccessKey = accessKey;
            SecretKey = secretKey;
            Region = region;
            Scheme = scheme;
        }

        public string BaseUrl { get; }
        public string AccessKey { get; init; }
        public string SecretKey { get; init; }
        public string Region { get; init; }
        public ObsScheme Scheme { get; init; }
        public string? SecurityToken { get; init; }

        /// <summary>The signing time; tests move it to reach the skew limit.</summary>
        public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

        /// <summary>False: V4 signs the body's hash without sending x-amz-content-sha256, as curl's --aws-sigv4 does.</summary>
        public bool SendPayloadHash { get; init; } = true;

        /// <summary>A Host header other than the URL's, for virtual-host style.</summary>
        public string? Host { get; init; }

        public ObsClient With(ObsScheme scheme) => this with { Scheme = scheme };

        /// <param name="path">The path as sent, already percent-encoded (use <see cref="Path"/>).</param>
        /// <param name="tamper">Runs after signing, to break the request on purpose.</param>
        public async Task<ObsAnswer> SendAsync(HttpMethod method, string path, string query = "", byte[]? body = null,
            IReadOnlyDictionary<string, string>? headers = null, Action<HttpRequestMessage>? tamper = null)
        {
            // Sent exactly as given: no dot-segment removal or unescaping, so tests can send what a hostile client would.
            var uri = new Uri(BaseUrl + path + (query.Length > 0 ? "?" + query : ""), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            using var request = new HttpRequestMessage(method, uri);
            if (body != null || method == HttpMethod.Put || method == HttpMethod.Post)
            {
                request.Content = new ByteArrayContent(body ?? Array.Empty<byte>());
            }
            foreach (var header in headers ?? new Dictionary<string, string>())
            {
                if (header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(header.Value);
                }
                else if (header.Key.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase))
                {
                    request.Content!.Headers.TryAddWithoutValidation("Content-MD5", header.Value);
                }
                else if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    request.Content!.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            if (Host != null)
            {
                request.Headers.Host = Host;
            }
            Sign(request, path, query, body ?? Array.Empty<byte>());
            tamper?.Invoke(request);
            using var response = await _http.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return new ObsAnswer(response.StatusCode, response, bytes);
        }

        public Task<ObsAnswer> PutAsync(string bucket, string key, byte[] body, IReadOnlyDictionary<string, string>? headers = null) =>
            SendAsync(HttpMethod.Put, Path(bucket, key), "", body, headers);

        public Task<ObsAnswer> GetAsync(string bucket, string key, IReadOnlyDictionary<string, string>? headers = null) =>
            SendAsync(HttpMethod.Get, Path(bucket, key), "", null, headers);

        public Task<ObsAnswer> CreateBucketAsync(string bucket) => SendAsync(HttpMethod.Put, "/" + bucket);

        /// <summary>A path-style path with the key percent-encoded the S3 way ('/' kept).</summary>
        public static string Path(string bucket, string key = "") =>
            "/" + bucket + (key.Length == 0 ? "" : "/" + string.Join("/", key.Split('/').Select(Encode)));

        public static string Encode(string value)
        {
            var text = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            return text.ToString();
        }

        public static string Md5Base64(byte[] body) => Convert.ToBase64String(MD5.HashData(body));

        public static string Md5Hex(byte[] body) => Convert.ToHexString(MD5.HashData(body)).ToLowerInvariant();

        public static string Sha256Hex(byte[] body) => Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant();

        /// <summary>An OBS (<c>AccessKeyId</c>) or AWS V2 (<c>AWSAccessKeyId</c>) pre-signed URL.</summary>
        public string PresignV2(string method, string path, DateTimeOffset expires, bool obs)
        {
            var expiresText = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var extra = "";
            var tokenParameter = obs ? "x-obs-security-token" : "x-amz-security-token";
            var stringToSign = method + "\n\n\n" + expiresText + "\n";
            if (SecurityToken != null)
            {
                extra = "&" + tokenParameter + "=" + Encode(SecurityToken);
                stringToSign += obs ? "" : tokenParameter + ":" + SecurityToken + "\n";
            }
            stringToSign += path + (SecurityToken != null && obs ? "?x-obs-security-token=" + SecurityToken : "");
            var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(SecretKey), Encoding.UTF8.GetBytes(stringToSign)));
            return BaseUrl + path + "?" + (obs ? "AccessKeyId=" : "AWSAccessKeyId=") + Encode(AccessKey) + "&Expires=" + expiresText
                + "&Signature=" + Encode(signature) + extra;
        }

        /// <summary>A V4 pre-signed URL signing only the host.</summary>
        public string PresignV4(string method, string path, int expiresSeconds)
        {
            var now = Clock();
            var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var day = amzDate.Substring(0, 8);
            var scope = $"{day}/{Region}/s3/aws4_request";
            var query = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["X-Amz-Algorithm"] = "AWS4-HMAC-SHA256",
                ["X-Amz-Credential"] = AccessKey + "/" + scope,
                ["X-Amz-Date"] = amzDate,
                ["X-Amz-Expires"] = expiresSeconds.ToString(CultureInfo.InvariantCulture),
                ["X-Amz-SignedHeaders"] = "host",
            };
            if (SecurityToken != null)
            {
                query["X-Amz-Security-Token"] = SecurityToken;
            }
            var canonicalQuery = string.Join("&", query.Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
            var host = Host ?? new Uri(BaseUrl).Authority;
            var canonical = $"{method}\n{path}\n{canonicalQuery}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD";
            var signature = V4Signature(day, amzDate, scope, canonical);
            return BaseUrl + path + "?" + canonicalQuery + "&X-Amz-Signature=" + signature;
        }

        /// <summary>The V4 key and the request's seed signature, for tests that frame aws-chunked bodies themselves.</summary>
        public byte[] V4SigningKey(string day)
        {
            var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + SecretKey), Encoding.UTF8.GetBytes(day));
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Region));
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("s3"));
            return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("aws4_request"));
        }

        private string V4Signature(string day, string amzDate, string scope, string canonical)
        {
            var stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Sha256Hex(Encoding.UTF8.GetBytes(canonical));
            return Convert.ToHexString(HMACSHA256.HashData(V4SigningKey(day), Encoding.UTF8.GetBytes(stringToSign))).ToLowerInvariant();
        }

        private void Sign(HttpRequestMessage request, string path, string query, byte[] body)
        {
            var now = Clock();
            if (Scheme == ObsScheme.V4)
            {
                SignV4(request, path, query, body, now);
                return;
            }
            var prefix = Scheme == ObsScheme.Obs ? "x-obs-" : "x-amz-";
            request.Headers.Date = now;
            if (SecurityToken != null)
            {
                request.Headers.TryAddWithoutValidation(prefix + "security-token", SecurityToken);
            }
            var canonicalHeaders = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .Where(h => h.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(v => v.Trim()))))
                .OrderBy(h => h.Name, StringComparer.Ordinal)
                .Select(h => h.Name + ":" + h.Value + "\n");
            var resource = Host != null ? "/" + Host.Split('.')[0] + path : path;
            var subResources = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Where(p => SubResources.Contains(p[0]))
                .OrderBy(p => p[0], StringComparer.Ordinal)
                .Select(p => p.Length == 2 && p[1].Length > 0 ? p[0] + "=" + Uri.UnescapeDataString(p[1]) : p[0])
                .ToList();
            if (subResources.Count > 0)
            {
                resource += "?" + string.Join("&", subResources);
            }
            var md5 = request.Content?.Headers.TryGetValues("Content-MD5", out var m) == true ? m.First() : "";
            var contentType = request.Content?.Headers.ContentType?.ToString() ?? "";
            var stringToSign = request.Method.Method + "\n" + md5 + "\n" + contentType + "\n" + now.ToString("r", CultureInfo.InvariantCulture) + "\n"
                + string.Concat(canonicalHeaders) + resource;
            var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(SecretKey), Encoding.UTF8.GetBytes(stringToSign)));
            request.Headers.TryAddWithoutValidation("Authorization", (Scheme == ObsScheme.Obs ? "OBS " : "AWS ") + AccessKey + ":" + signature);
        }

        private void SignV4(HttpRequestMessage request, string path, string query, byte[] body, DateTimeOffset now)
        {
            var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var day = amzDate.Substring(0, 8);
            var payload = request.Headers.TryGetValues("x-amz-content-sha256", out var declared) ? declared.First() : Sha256Hex(body);
            request.Headers.Remove("x-amz-content-sha256");
            if (SendPayloadHash)
            {
                request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payload);
            }
            request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
            if (SecurityToken != null)
            {
                request.Headers.TryAddWithoutValidation("x-amz-security-token", SecurityToken);
            }
            var host = Host ?? new Uri(BaseUrl).Authority;
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                    || h.Key.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
                .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(v => v.Trim()))))
                .Append(("host", host))
                .OrderBy(h => h.Item1, StringComparer.Ordinal)
                .ToList();
            var canonicalQuery = string.Join("&", query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: p.Length == 2 ? Encode(Uri.UnescapeDataString(p[1])) : ""))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Name + "=" + p.Value));
            var signedHeaders = string.Join(";", headers.Select(h => h.Item1));
            var canonicalPath = string.Join("/", path.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment))));
            var canonical = request.Method.Method + "\n" + canonicalPath + "\n" + canonicalQuery + "\n"
                + string.Concat(headers.Select(h => h.Item1 + ":" + h.Item2 + "\n")) + "\n" + signedHeaders + "\n" + payload;
            var scope = $"{day}/{Region}/s3/aws4_request";
            var signature = V4Signature(day, amzDate, scope, canonical);
            LastSeedSignature = signature;
            LastAmzDate = amzDate;
            request.Headers.TryAddWithoutValidation("Authorization",
                $"AWS4-HMAC-SHA256 Credential={AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        }

        /// <summary>The last V4 request's signature and date: the seed of its chunk signatures.</summary>
        public string LastSeedSignature { get; private set; } = "";

        public string LastAmzDate { get; private set; } = "";
    }
}
