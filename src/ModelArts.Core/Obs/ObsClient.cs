using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;

namespace ModelArts.Core.Obs
{
    /// <summary>
    /// The OBS REST calls the module needs, over the client's pipeline (retry, cancellation, redacted debug output):
    /// list buckets and objects, put, ranged get, delete, and multipart uploads. An upload's body is a whole part in a
    /// buffer the caller lends, so every attempt is retried alone; a download goes straight to where the caller says,
    /// so memory stays at parts in flight × part size.
    /// </summary>
    public sealed class ObsClient
    {
        private readonly HttpPipeline _pipeline;
        private readonly ObsAddressing _addressing;

        internal ObsClient(HttpPipeline pipeline, ObsAddressing addressing)
        {
            _pipeline = pipeline;
            _addressing = addressing;
        }

        public Uri Endpoint => _addressing.Endpoint;

        public async Task<IReadOnlyList<ObsBucket>> GetBucketsAsync(CancellationToken cancellationToken)
        {
            var response = await SendAsync(HttpMethod.Get, null, string.Empty, string.Empty, null, cancellationToken).ConfigureAwait(false);
            var root = Parse(response);
            return root.Descendants().Where(e => e.Name.LocalName == "Bucket")
                .Select(b => new ObsBucket(Text(b, "Name") ?? string.Empty, Date(Text(b, "CreationDate"))))
                .ToList();
        }

        /// <summary>Objects under a prefix, page by page as they are read; with a delimiter, folders too.</summary>
        public async IAsyncEnumerable<ObsObject> ListAsync(
            string bucket, string prefix, bool recurse, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string? marker = null;
            while (true)
            {
                var query = Query(("prefix", prefix), ("delimiter", recurse ? null : "/"), ("marker", marker), ("max-keys", "1000"));
                var response = await SendAsync(HttpMethod.Get, bucket, string.Empty, query, null, cancellationToken).ConfigureAwait(false);
                var root = Parse(response);
                string? last = null;
                foreach (var element in root.Elements())
                {
                    if (element.Name.LocalName == "Contents")
                    {
                        var key = Text(element, "Key") ?? string.Empty;
                        last = key;
                        yield return new ObsObject(
                            bucket,
                            key,
                            long.Parse(Text(element, "Size") ?? "0", CultureInfo.InvariantCulture),
                            Date(Text(element, "LastModified")),
                            Text(element, "ETag")?.Trim('"'),
                            Text(element, "StorageClass"),
                            false);
                    }
                    else if (element.Name.LocalName == "CommonPrefixes")
                    {
                        var folder = Text(element, "Prefix") ?? string.Empty;
                        last = folder;
                        yield return new ObsObject(bucket, folder, 0, null, null, null, true);
                    }
                }

                if (!string.Equals(Text(root, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    yield break;
                }

                marker = Text(root, "NextMarker") ?? last;
                if (marker == null)
                {
                    yield break;
                }
            }
        }

        /// <summary>A single PUT, with the body's MD5 when the caller computed one while reading it; returns the ETag.</summary>
        public async Task<string?> PutObjectAsync(string bucket, string key, ArraySegment<byte> body, byte[]? md5, CancellationToken cancellationToken)
        {
            var response = await SendDataAsync(bucket, key, string.Empty, body, md5, cancellationToken).ConfigureAwait(false);
            return ETag(response);
        }

        /// <summary>
        /// Writes the bytes [offset, offset + count) of an object (the whole object when count covers it) into a fresh
        /// stream from <paramref name="target"/> per attempt, as they arrive.
        /// </summary>
        public async Task GetRangeAsync(string bucket, string key, long offset, long count, Func<Stream> target, CancellationToken cancellationToken)
        {
            var range = count == 0 ? null : ((string, string)?)("Range", "bytes=" + offset.ToString(CultureInfo.InvariantCulture) + "-" + (offset + count - 1).ToString(CultureInfo.InvariantCulture));
            await SendAsync(HttpMethod.Get, bucket, key, string.Empty, null, cancellationToken, range, target: target).ConfigureAwait(false);
        }

        public async Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken) =>
            await SendAsync(HttpMethod.Delete, bucket, key, string.Empty, null, cancellationToken).ConfigureAwait(false);

        public async Task<string> InitiateMultipartUploadAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            // Re-sent when an answer is lost: the upload id that answer held is orphaned, but it holds no parts (costs
            // nothing) and -Resume takes the newest upload of the key, the one in use.
            var response = await SendAsync(HttpMethod.Post, bucket, key, "uploads", Array.Empty<byte>(), cancellationToken, idempotent: true).ConfigureAwait(false);
            return Text(Parse(response), "UploadId") ?? throw Malformed(response, "UploadId");
        }

        public async Task<string> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, ArraySegment<byte> body, byte[]? md5, CancellationToken cancellationToken)
        {
            var response = await SendDataAsync(bucket, key, PartQuery(partNumber, uploadId), body, md5, cancellationToken).ConfigureAwait(false);
            return ETag(response) ?? throw Malformed(response, "ETag");
        }

        /// <summary>Assembles the parts; the object becomes visible whole, at once.</summary>
        public async Task<string?> CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<string> partETags, CancellationToken cancellationToken)
        {
            var xml = new XElement("CompleteMultipartUpload", partETags.Select((etag, i) =>
                new XElement("Part", new XElement("PartNumber", i + 1), new XElement("ETag", "\"" + etag + "\""))));
            var body = Encoding.UTF8.GetBytes(xml.ToString(SaveOptions.DisableFormatting));
            // Re-sent when an answer is lost; if the lost one did complete, OBS answers 404 NoSuchUpload, which the
            // transfer checks against the object's ETag (see ObsTransfer).
            var response = await SendAsync(HttpMethod.Post, bucket, key, Query(("uploadId", uploadId)), body, cancellationToken, idempotent: true).ConfigureAwait(false);
            return Text(Parse(response), "ETag")?.Trim('"');
        }

        public async Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
            await SendAsync(HttpMethod.Delete, bucket, key, Query(("uploadId", uploadId)), null, cancellationToken, notFoundMeansDone: true).ConfigureAwait(false);

        /// <summary>The newest unfinished upload of exactly this key, if any.</summary>
        public async Task<string?> FindMultipartUploadAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            var response = await SendAsync(HttpMethod.Get, bucket, string.Empty, Query(("uploads", string.Empty), ("prefix", key)), null, cancellationToken).ConfigureAwait(false);
            return Parse(response).Elements().Where(e => e.Name.LocalName == "Upload" && Text(e, "Key") == key)
                .OrderBy(e => Date(Text(e, "Initiated")))
                .Select(e => Text(e, "UploadId"))
                .LastOrDefault();
        }

        /// <summary>The parts an unfinished upload holds: number → (size, ETag).</summary>
        public async Task<IReadOnlyDictionary<int, (long Size, string ETag)>> ListPartsAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
        {
            var parts = new Dictionary<int, (long, string)>();
            string? marker = null;
            while (true)
            {
                var response = await SendAsync(HttpMethod.Get, bucket, key, Query(("uploadId", uploadId), ("part-number-marker", marker)), null, cancellationToken).ConfigureAwait(false);
                var root = Parse(response);
                foreach (var part in root.Elements().Where(e => e.Name.LocalName == "Part"))
                {
                    parts[int.Parse(Text(part, "PartNumber") ?? "0", CultureInfo.InvariantCulture)] =
                        (long.Parse(Text(part, "Size") ?? "0", CultureInfo.InvariantCulture), (Text(part, "ETag") ?? string.Empty).Trim('"'));
                }

                marker = Text(root, "NextPartNumberMarker");
                if (!string.Equals(Text(root, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase) || marker == null)
                {
                    return parts;
                }
            }
        }

        /// <summary>
        /// Any OBS call (the escape hatch): <paramref name="path"/> is <c>/bucket/key</c> as written on the wire, with an
        /// optional <c>?query</c>, or <c>/</c> for the account's buckets; it is addressed in the endpoint's style and signed.
        /// </summary>
        public async Task<Training.RestAnswer> InvokeRestAsync(HttpMethod method, string path, byte[]? body, string? contentType, CancellationToken cancellationToken)
        {
            var queryAt = path.IndexOf('?');
            var query = queryAt < 0 ? string.Empty : path.Substring(queryAt + 1);
            // Unescaped here because addressing escapes every key segment itself.
            var resource = Uri.UnescapeDataString(queryAt < 0 ? path : path.Substring(0, queryAt)).TrimStart('/');
            var slash = resource.IndexOf('/');
            var bucket = resource.Length == 0 ? null : slash < 0 ? resource : resource.Substring(0, slash);
            var key = slash < 0 ? string.Empty : resource.Substring(slash + 1);
            var request = new ApiRequest(method, _addressing.Object(bucket, key, query), body) { ContentType = contentType ?? "application/octet-stream" };
            return Training.RestAnswer.From(await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false));
        }

        private static string PartQuery(int partNumber, string uploadId) =>
            Query(("partNumber", partNumber.ToString(CultureInfo.InvariantCulture)), ("uploadId", uploadId));

        private Task<ApiResponse> SendAsync(
            HttpMethod method, string? bucket, string key, string query, byte[]? body, CancellationToken cancellationToken,
            (string Name, string Value)? header = null, bool idempotent = false, bool notFoundMeansDone = false, Func<Stream>? target = null)
        {
            var request = new ApiRequest(method, _addressing.Object(bucket, key, query), body)
            {
                ContentType = "application/octet-stream",
                NotFoundAfterRetryMeansDone = notFoundMeansDone || method == HttpMethod.Delete,
                ResponseTarget = target,
            };
            if (idempotent)
            {
                request.Idempotent = true;
            }

            if (header.HasValue)
            {
                request.Headers[header.Value.Name] = header.Value.Value;
            }

            return _pipeline.SendAsync(request, cancellationToken);
        }

        /// <summary>Sends data from a (pooled) buffer, with its Content-MD5 when given, so OBS refuses a body that arrived damaged.</summary>
        private Task<ApiResponse> SendDataAsync(string bucket, string key, string query, ArraySegment<byte> data, byte[]? md5, CancellationToken cancellationToken)
        {
            var request = new ApiRequest(HttpMethod.Put, _addressing.Object(bucket, key, query))
            {
                ContentType = "application/octet-stream",
                BodySegment = data,
            };
            if (md5 != null)
            {
                request.Headers["Content-MD5"] = Convert.ToBase64String(md5);
            }

            return _pipeline.SendAsync(request, cancellationToken);
        }

        private static string Query(params (string Name, string? Value)[] pairs) =>
            string.Join("&", pairs.Where(p => p.Value != null)
                .Select(p => Uri.EscapeDataString(p.Name) + (p.Value!.Length == 0 ? string.Empty : "=" + Uri.EscapeDataString(p.Value))));

        private static string? ETag(ApiResponse response) => response.Header("ETag")?.Trim('"');

        private static XElement Parse(ApiResponse response)
        {
            try
            {
                return XDocument.Parse(Encoding.UTF8.GetString(response.Body)).Root ?? throw Malformed(response, "a document");
            }
            catch (System.Xml.XmlException e)
            {
                throw new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "OBS answered with XML that could not be read: " + e.Message,
                    response.StatusCode, null, response.RequestId, response.Method, response.Uri, e);
            }
        }

        private static ModelArtsException Malformed(ApiResponse response, string what) =>
            new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "OBS answered without " + what + ".", response.StatusCode, null, response.RequestId, response.Method, response.Uri);

        private static string? Text(XElement element, string name) =>
            element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        private static DateTimeOffset? Date(string? text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : (DateTimeOffset?)null;
    }
}
