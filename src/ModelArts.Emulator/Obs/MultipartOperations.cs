using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>Initiate, UploadPart, ListParts, Complete, Abort and ListMultipartUploads.</summary>
    internal sealed class MultipartOperations
    {
        private const int MaxXmlBytes = 4 * 1024 * 1024;

        private readonly ObjectStore _store;
        private readonly MultipartStore _uploads;
        private readonly ListOperations _lists;

        public MultipartOperations(ObjectStore store, MultipartStore uploads, ListOperations lists)
        {
            _store = store;
            _uploads = uploads;
            _lists = lists;
        }

        public Task InitiateAsync(ObsRequest request)
        {
            _store.ObjectPath(request.Bucket, request.Key);
            var upload = _uploads.Initiate(request.Bucket, request.Key, ObjectHeaders.FromRequest(request));
            return ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, ObsXml.E("InitiateMultipartUploadResult",
                ObsXml.E("Bucket", request.Bucket), ObsXml.E("Key", request.Key), ObsXml.E("UploadId", upload.UploadId)));
        }

        public async Task UploadPartAsync(ObsRequest request, ObsCaller caller)
        {
            var number = MultipartStore.ParsePartNumber(request.Q("partNumber"));
            var upload = _uploads.Find(request.Bucket, request.Key, request.Q("uploadId")!);
            var body = await BodyReceiver.ReceiveAsync(request, caller, _store.NewTempPath());
            var record = _uploads.SavePart(request.Bucket, upload, number, body);
            request.Context.Response.Headers.ETag = ObsXml.Quote(record.ETag);
            request.Context.Response.ContentLength = 0;
        }

        public Task ListPartsAsync(ObsRequest request)
        {
            var upload = _uploads.Find(request.Bucket, request.Key, request.Q("uploadId")!);
            var marker = ParseCount(request.Q("part-number-marker"), 0, "part-number-marker");
            var max = System.Math.Min(ParseCount(request.Q("max-parts"), ListOperations.MaxKeys, "max-parts"), ListOperations.MaxKeys);
            var after = _uploads.Parts(request.Bucket, upload).Where(p => p.Number > marker).ToList();
            var page = after.Take(max).ToList();
            var truncated = after.Count > page.Count;
            return ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, ObsXml.E("ListPartsResult",
                ObsXml.E("Bucket", request.Bucket), ObsXml.E("Key", request.Key), ObsXml.E("UploadId", upload.UploadId),
                ObsXml.E("Initiator", _lists.Owner().Elements()), _lists.Owner(), ObsXml.E("StorageClass", "STANDARD"),
                ObsXml.E("PartNumberMarker", ObjectHeaders.Number(marker)),
                page.Count > 0 ? ObsXml.E("NextPartNumberMarker", ObjectHeaders.Number(page[^1].Number)) : null,
                ObsXml.E("MaxParts", ObjectHeaders.Number(max)), ObsXml.E("IsTruncated", truncated ? "true" : "false"),
                page.Select(p => ObsXml.E("Part", ObsXml.E("PartNumber", ObjectHeaders.Number(p.Number)),
                    ObsXml.E("LastModified", ObsXml.Iso(ObjectHeaders.LastModified(p.Record))), ObsXml.E("ETag", ObsXml.Quote(p.Record.ETag)),
                    ObsXml.E("Size", ObjectHeaders.Number(p.Record.Size))))));
        }

        public async Task CompleteAsync(ObsRequest request, ObsCaller caller)
        {
            var upload = _uploads.Find(request.Bucket, request.Key, request.Q("uploadId")!);
            var root = ObsXml.Parse(await BodyReceiver.ReadSmallAsync(request, caller, MaxXmlBytes));
            var chosen = ObsXml.Children(root, "Part").Select(p =>
            {
                var numberText = ObsXml.Child(p, "PartNumber");
                var etag = ObsXml.Child(p, "ETag");
                if (etag == null || !int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    throw ObsException.MalformedXml("each Part needs a PartNumber and an ETag");
                }
                return new CompletedPart(number, etag);
            }).ToList();
            var (temp, etag, size) = await _uploads.AssembleAsync(request.Bucket, upload, chosen, request.Context.RequestAborted);
            try
            {
                _store.Commit(request.Bucket, request.Key, temp, upload.Record with { ETag = etag, Size = size });
            }
            catch
            {
                System.IO.File.Delete(temp);
                throw;
            }
            _uploads.Remove(request.Bucket, upload);
            var location = $"{request.Context.Request.Scheme}://{request.Context.Request.Host}/{request.Bucket}/{ObsXml.UrlEncodeKey(request.Key)}";
            await ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, ObsXml.E("CompleteMultipartUploadResult",
                ObsXml.E("Location", location), ObsXml.E("Bucket", request.Bucket), ObsXml.E("Key", request.Key), ObsXml.E("ETag", ObsXml.Quote(etag))));
        }

        public void Abort(ObsRequest request)
        {
            var upload = _uploads.Find(request.Bucket, request.Key, request.Q("uploadId")!);
            _uploads.Remove(request.Bucket, upload);
            request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
        }

        public Task ListUploadsAsync(ObsRequest request)
        {
            _store.RequireBucket(request.Bucket);
            var prefix = request.Q("prefix") ?? "";
            var keyMarker = request.Q("key-marker") ?? "";
            var idMarker = request.Q("upload-id-marker") ?? "";
            var max = System.Math.Min(ParseCount(request.Q("max-uploads"), ListOperations.MaxKeys, "max-uploads"), ListOperations.MaxKeys);
            var all = _uploads.List(request.Bucket)
                .Where(u => u.Key.StartsWith(prefix, System.StringComparison.Ordinal))
                .Where(u => string.CompareOrdinal(u.Key, keyMarker) > 0 || (u.Key == keyMarker && idMarker.Length > 0 && string.CompareOrdinal(u.UploadId, idMarker) > 0))
                .ToList();
            var page = all.Take(max).ToList();
            var truncated = all.Count > page.Count;
            return ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, ObsXml.E("ListMultipartUploadsResult",
                ObsXml.E("Bucket", request.Bucket), ObsXml.E("KeyMarker", keyMarker), ObsXml.E("UploadIdMarker", idMarker),
                truncated ? ObsXml.E("NextKeyMarker", page[^1].Key) : null, truncated ? ObsXml.E("NextUploadIdMarker", page[^1].UploadId) : null,
                ObsXml.E("Prefix", prefix), ObsXml.E("MaxUploads", ObjectHeaders.Number(max)), ObsXml.E("IsTruncated", truncated ? "true" : "false"),
                page.Select(u => ObsXml.E("Upload", ObsXml.E("Key", u.Key), ObsXml.E("UploadId", u.UploadId),
                    ObsXml.E("Initiator", _lists.Owner().Elements()), _lists.Owner(), ObsXml.E("StorageClass", "STANDARD"),
                    ObsXml.E("Initiated", ObsXml.Iso(u.Initiated))))));
        }

        private static int ParseCount(string? text, int fallback, string name) =>
            text == null
                ? fallback
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw ObsException.InvalidArgument($"{name} must be a whole number.", name, text);
    }
}
