using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Auth;

namespace ModelArts.Emulator.Obs
{
    /// <summary>ListBuckets and ListObjects v1 (<c>marker</c>) and v2 (<c>continuation-token</c>, <c>start-after</c>).</summary>
    internal sealed class ListOperations
    {
        public const int MaxKeys = 1000;

        private readonly ObjectStore _store;
        private readonly Account _account;

        public ListOperations(ObjectStore store, Account account)
        {
            _store = store;
            _account = account;
        }

        public XElement Owner() => ObsXml.E("Owner", ObsXml.E("ID", _account.DomainId), ObsXml.E("DisplayName", _account.DomainName));

        public Task ListBucketsAsync(ObsRequest request) =>
            ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, ObsXml.E("ListAllMyBucketsResult",
                Owner(),
                ObsXml.E("Buckets", _store.Buckets().Select(b => ObsXml.E("Bucket", ObsXml.E("Name", b.Name), ObsXml.E("CreationDate", ObsXml.Iso(b.Created)))))));

        public Task ListObjectsAsync(ObsRequest request)
        {
            var directory = _store.RequireBucket(request.Bucket);
            var v2 = request.Q("list-type") switch
            {
                null => false,
                "2" => true,
                var other => throw ObsException.InvalidArgument("list-type must be 2.", "list-type", other),
            };
            var prefix = request.Q("prefix") ?? "";
            var delimiter = request.Q("delimiter") ?? "";
            var encoding = request.Q("encoding-type");
            if (encoding != null && encoding != "url")
            {
                throw ObsException.InvalidArgument("Invalid Encoding Method specified in Request.", "encoding-type", encoding);
            }
            var maxKeys = ParseMaxKeys(request.Q("max-keys"));
            string after;
            var token = request.Q("continuation-token");
            if (v2)
            {
                after = token != null ? DecodeToken(token) : request.Q("start-after") ?? "";
            }
            else
            {
                after = request.Q("marker") ?? "";
            }
            var (items, truncated) = Page(request.Bucket, directory, prefix, delimiter, after, maxKeys);
            Func<string, string> shown = encoding == "url" ? ObsXml.UrlEncodeKey : k => k;
            var fetchOwner = !v2 || request.Q("fetch-owner") == "true";
            var contents = items.Where(i => i.Record != null).Select(i => ObsXml.E("Contents",
                ObsXml.E("Key", shown(i.Key)),
                ObsXml.E("LastModified", ObsXml.Iso(ObjectHeaders.LastModified(i.Record!))),
                ObsXml.E("ETag", ObsXml.Quote(i.Record!.ETag)),
                ObsXml.E("Size", ObjectHeaders.Number(i.Record!.Size)),
                fetchOwner ? Owner() : null,
                ObsXml.E("StorageClass", "STANDARD")));
            var prefixes = items.Where(i => i.Record == null).Select(i => ObsXml.E("CommonPrefixes", ObsXml.E("Prefix", shown(i.Key))));
            var last = items.Count > 0 ? items[^1].Key : null;
            var root = ObsXml.E("ListBucketResult",
                ObsXml.E("Name", request.Bucket),
                ObsXml.E("Prefix", shown(prefix)));
            if (v2)
            {
                root.Add(request.Q("start-after") is string startAfter ? ObsXml.E("StartAfter", shown(startAfter)) : null,
                    token != null ? ObsXml.E("ContinuationToken", token) : null,
                    truncated && last != null ? ObsXml.E("NextContinuationToken", EncodeToken(last)) : null,
                    ObsXml.E("KeyCount", ObjectHeaders.Number(items.Count)));
            }
            else
            {
                root.Add(ObsXml.E("Marker", shown(after)), truncated && last != null ? ObsXml.E("NextMarker", shown(last)) : null);
            }
            root.Add(ObsXml.E("MaxKeys", ObjectHeaders.Number(maxKeys)),
                delimiter.Length > 0 ? ObsXml.E("Delimiter", shown(delimiter)) : null,
                encoding != null ? ObsXml.E("EncodingType", encoding) : null,
                ObsXml.E("IsTruncated", truncated ? "true" : "false"),
                contents, prefixes);
            return ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, root);
        }

        /// <summary>One page: objects (with their record) and common prefixes (record null) in key order, and whether more follow.</summary>
        private (List<(string Key, ObjectRecord? Record)> Items, bool Truncated) Page(string bucket, string directory, string prefix, string delimiter,
            string after, int maxKeys)
        {
            var items = new List<(string Key, ObjectRecord? Record)>();
            // With '/' as delimiter a folder below the prefix is one common prefix: it is not entered.
            var walker = new KeyWalker(directory, prefix, after, key => _store.IsMarker(bucket, key),
                folder => delimiter != "/" || folder.Length <= prefix.Length);
            string? lastPrefix = null;
            foreach (var entry in walker.Walk())
            {
                string? common = null;
                if (entry.Folder != null)
                {
                    if (!KeyWalker.HasAnyObject(directory, entry.Folder, entry.Key, key => _store.IsMarker(bucket, key)))
                    {
                        continue;
                    }
                    common = entry.Key;
                }
                else if (delimiter.Length > 0)
                {
                    var at = entry.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                    common = at < 0 ? null : entry.Key.Substring(0, at + delimiter.Length);
                }
                if (common != null)
                {
                    if (common == lastPrefix || string.CompareOrdinal(common, after) <= 0)
                    {
                        continue;
                    }
                    lastPrefix = common;
                    if (items.Count == maxKeys)
                    {
                        return (items, true);
                    }
                    items.Add((common, null));
                    continue;
                }
                var record = entry.File != null
                    ? _store.Metadata.Describe(_store.Metadata.PathFor(bucket, entry.Key), entry.File)
                    : MetadataStore.Read(_store.Metadata.PathFor(bucket, entry.Key));
                if (record == null)
                {
                    continue; // deleted while listing
                }
                if (items.Count == maxKeys)
                {
                    return (items, true);
                }
                items.Add((entry.Key, record));
            }
            return (items, false);
        }

        private static int ParseMaxKeys(string? text)
        {
            if (text == null)
            {
                return MaxKeys;
            }
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? Math.Min(value, MaxKeys)
                : throw ObsException.InvalidArgument("Provided max-keys not an integer or within integer range.", "max-keys", text);
        }

        private static string EncodeToken(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

        private static string DecodeToken(string token)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw ObsException.InvalidArgument("The continuation token provided is incorrect.", "continuation-token", token);
            }
        }
    }
}
