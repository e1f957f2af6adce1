using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>PutObject, GetObject (Range, conditions), HeadObject, DeleteObject and CopyObject.</summary>
    internal sealed class ObjectOperations
    {
        private readonly ObjectStore _store;

        public ObjectOperations(ObjectStore store) => _store = store;

        public async Task PutAsync(ObsRequest request, ObsCaller caller)
        {
            _store.RequireBucket(request.Bucket);
            _store.ObjectPath(request.Bucket, request.Key);
            var wanted = ObjectHeaders.FromRequest(request);
            var body = await BodyReceiver.ReceiveAsync(request, caller, _store.NewTempPath());
            ObjectRecord stored;
            if (request.Key.EndsWith('/'))
            {
                File.Delete(body.TempPath);
                if (body.Size != 0)
                {
                    throw ObsException.InvalidArgument("A key ending in '/' is a folder here and holds no data; upload an empty body.", "key", request.Key);
                }
                stored = _store.CommitFolder(request.Bucket, request.Key, wanted with { ETag = body.ETag, Size = 0, WriteTicks = DateTime.UtcNow.Ticks });
            }
            else
            {
                stored = Commit(request, body.TempPath, wanted with { ETag = body.ETag, Size = body.Size });
            }
            request.Context.Response.Headers.ETag = ObsXml.Quote(stored.ETag);
            request.Context.Response.ContentLength = 0;
        }

        public async Task GetAsync(ObsRequest request, ObsCaller caller, bool head)
        {
            using var open = _store.Require(request.Bucket, request.Key);
            var record = open.Record;
            var response = request.Context.Response;
            if (Precondition(request, record) is int status)
            {
                response.StatusCode = status;
                response.Headers.ETag = ObsXml.Quote(record.ETag);
                if (status == StatusCodes.Status412PreconditionFailed && !head)
                {
                    throw new ObsException(status, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.");
                }
                return;
            }
            var (offset, length) = Range(request.Header("Range"), record.Size);
            ObjectHeaders.Write(response, request, caller, record);
            if (length != record.Size)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{record.Size}";
            }
            response.ContentLength = length;
            if (head || open.Stream == null || length == 0)
            {
                return;
            }
            open.Stream.Seek(offset, SeekOrigin.Begin);
            await CopyRangeAsync(open.Stream, response.Body, length, request.Context.RequestAborted);
        }

        public Task DeleteAsync(ObsRequest request)
        {
            _store.Delete(request.Bucket, request.Key);
            request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        public async Task CopyAsync(ObsRequest request, ObsCaller caller, string copySource)
        {
            var (sourceBucket, sourceKey) = ParseCopySource(copySource);
            var directive = (request.Header(caller.HeaderPrefix + "metadata-directive") is { Length: > 0 } d ? d : "COPY").ToUpperInvariant();
            if (directive != "COPY" && directive != "REPLACE")
            {
                throw ObsException.InvalidArgument("Unknown metadata directive.", caller.HeaderPrefix + "metadata-directive", directive);
            }
            if (sourceBucket == request.Bucket && sourceKey == request.Key && directive == "COPY")
            {
                throw ObsException.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata.");
            }
            _store.RequireBucket(request.Bucket);
            _store.ObjectPath(request.Bucket, request.Key);
            using var source = _store.Require(sourceBucket, sourceKey);
            var temp = _store.NewTempPath();
            string etag;
            try
            {
                await using var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                if (source.Stream != null)
                {
                    var buffer = new byte[1024 * 1024];
                    int read;
                    while ((read = await source.Stream.ReadAsync(buffer, request.Context.RequestAborted)) > 0)
                    {
                        md5.AppendData(buffer, 0, read);
                        await target.WriteAsync(buffer.AsMemory(0, read), request.Context.RequestAborted);
                    }
                }
                etag = Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant();
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
            var wanted = directive == "COPY" ? source.Record : ObjectHeaders.FromRequest(request);
            var stored = Commit(request, temp, wanted with { ETag = etag, Size = source.Record.Size });
            await ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK,
                ObsXml.E("CopyObjectResult", ObsXml.E("LastModified", ObsXml.Iso(ObjectHeaders.LastModified(stored))), ObsXml.E("ETag", ObsXml.Quote(stored.ETag))));
        }

        private ObjectRecord Commit(ObsRequest request, string temp, ObjectRecord record)
        {
            try
            {
                return _store.Commit(request.Bucket, request.Key, temp, record);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }

        private static (string Bucket, string Key) ParseCopySource(string header)
        {
            var source = header;
            var question = source.IndexOf('?');
            if (question >= 0)
            {
                source = source.Substring(0, question);
            }
            source = Uri.UnescapeDataString(source).TrimStart('/');
            var slash = source.IndexOf('/');
            if (slash <= 0 || slash == source.Length - 1)
            {
                throw ObsException.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey.", "x-amz-copy-source", header);
            }
            return (source.Substring(0, slash), source.Substring(slash + 1));
        }

        /// <summary>304 or 412 when a condition fails (If-Match and If-Unmodified-Since win over the others), else null.</summary>
        private static int? Precondition(ObsRequest request, ObjectRecord record)
        {
            var etag = record.ETag;
            var modified = ObjectHeaders.LastModified(record);
            var ifMatch = request.Header("If-Match");
            if (ifMatch.Length > 0 && !EtagListMatches(ifMatch, etag))
            {
                return StatusCodes.Status412PreconditionFailed;
            }
            if (ifMatch.Length == 0 && HttpDate(request.Header("If-Unmodified-Since")) is DateTime unmodifiedSince && Seconds(modified) > unmodifiedSince)
            {
                return StatusCodes.Status412PreconditionFailed;
            }
            var ifNoneMatch = request.Header("If-None-Match");
            if (ifNoneMatch.Length > 0 && EtagListMatches(ifNoneMatch, etag))
            {
                return StatusCodes.Status304NotModified;
            }
            if (ifNoneMatch.Length == 0 && HttpDate(request.Header("If-Modified-Since")) is DateTime modifiedSince && Seconds(modified) <= modifiedSince)
            {
                return StatusCodes.Status304NotModified;
            }
            return null;
        }

        private static bool EtagListMatches(string list, string etag) =>
            list.Split(',').Select(e => ObsXml.Unquote(e)).Any(e => e == "*" || e == etag);

        private static DateTime Seconds(DateTime time) => new DateTime(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

        private static DateTime? HttpDate(string text) =>
            DateTime.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date) ? date : null;

        /// <summary>One <c>bytes=</c> range as offset and length; a malformed or multiple range means the whole object, as on OBS.</summary>
        private static (long Offset, long Length) Range(string header, long size)
        {
            if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
            {
                return (0, size);
            }
            var spec = header.Substring(6).Trim();
            var dash = spec.IndexOf('-');
            if (dash < 0)
            {
                return (0, size);
            }
            var firstText = spec.Substring(0, dash);
            var lastText = spec.Substring(dash + 1);
            long first, last;
            if (firstText.Length == 0)
            {
                if (!long.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
                {
                    return (0, size);
                }
                if (suffix == 0 || size == 0)
                {
                    throw NotSatisfiable(size);
                }
                first = Math.Max(0, size - suffix);
                last = size - 1;
            }
            else
            {
                if (!long.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out first))
                {
                    return (0, size);
                }
                if (lastText.Length == 0)
                {
                    last = size - 1;
                }
                else if (!long.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out last) || last < first)
                {
                    return (0, size);
                }
                if (first >= size)
                {
                    throw NotSatisfiable(size);
                }
                last = Math.Min(last, size - 1);
            }
            return (first, last - first + 1);
        }

        private static ObsException NotSatisfiable(long size) =>
            new ObsException(StatusCodes.Status416RangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable.",
                ("ActualObjectSize", size.ToString(CultureInfo.InvariantCulture)));

        private static async Task CopyRangeAsync(Stream source, Stream target, long length, System.Threading.CancellationToken cancellationToken)
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1024 * 1024);
            try
            {
                while (length > 0)
                {
                    var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    length -= read;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
