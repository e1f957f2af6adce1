using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>Which request headers an object keeps (content headers, user metadata) and how they are answered.</summary>
    internal static class ObjectHeaders
    {
        private static readonly string[] Kept = { "Content-Encoding", "Content-Disposition", "Cache-Control", "Content-Language", "Expires" };
        private static readonly string[] MetaPrefixes = { "x-obs-meta-", "x-amz-meta-" };

        /// <summary>The record an upload asks for; the ETag and size come from the body.</summary>
        public static ObjectRecord FromRequest(ObsRequest request)
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in Kept)
            {
                var value = request.Header(name);
                if (name == "Content-Encoding")
                {
                    // aws-chunked describes the transfer, not the object.
                    value = string.Join(",", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
                }
                if (value.Length > 0)
                {
                    headers[name] = value;
                }
            }
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var header in request.Headers)
            {
                var name = header.Key.ToLowerInvariant();
                var prefix = MetaPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal));
                if (prefix != null && name.Length > prefix.Length)
                {
                    meta[name.Substring(prefix.Length)] = header.Value.ToString();
                }
            }
            var contentType = request.Header("Content-Type");
            return new ObjectRecord
            {
                ContentType = contentType.Length > 0 ? contentType : ObjectRecord.DefaultContentType,
                Headers = headers,
                Meta = meta,
            };
        }

        /// <summary>Headers of GET and HEAD; <c>response-*</c> query parameters override the stored ones, as on OBS.</summary>
        public static void Write(HttpResponse response, ObsRequest request, ObsCaller caller, ObjectRecord record)
        {
            response.Headers.ETag = ObsXml.Quote(record.ETag);
            response.Headers.LastModified = ObsXml.Http(LastModified(record));
            response.Headers.AcceptRanges = "bytes";
            response.ContentType = request.Q("response-content-type") ?? record.ContentType;
            foreach (var header in record.Headers)
            {
                response.Headers[header.Key] = header.Value;
            }
            foreach (var name in Kept)
            {
                if (request.Q("response-" + name.ToLowerInvariant()) is string value)
                {
                    response.Headers[name] = value;
                }
            }
            foreach (var meta in record.Meta)
            {
                response.Headers[caller.HeaderPrefix + "meta-" + meta.Key] = meta.Value;
            }
        }

        public static DateTime LastModified(ObjectRecord record) => new DateTime(record.WriteTicks, DateTimeKind.Utc);

        public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
