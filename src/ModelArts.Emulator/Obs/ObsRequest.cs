using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Auth;

namespace ModelArts.Emulator.Obs
{
    /// <summary>One OBS request as addressed: bucket and key (path or virtual-host style) and the query, decoded and raw.</summary>
    internal sealed class ObsRequest
    {
        private ObsRequest(HttpContext context, string bucket, string key, bool virtualHost, string rawPath, string rawQuery,
            IReadOnlyList<KeyValuePair<string, string>> queryPairs)
        {
            Context = context;
            Bucket = bucket;
            Key = key;
            VirtualHost = virtualHost;
            RawPath = rawPath;
            RawQuery = rawQuery;
            QueryPairs = queryPairs;
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in queryPairs)
            {
                query[pair.Key] = pair.Value;
            }
            Query = query;
        }

        public HttpContext Context { get; }
        public string Method => Context.Request.Method;
        public IHeaderDictionary Headers => Context.Request.Headers;

        /// <summary>Empty for service-level requests (ListBuckets).</summary>
        public string Bucket { get; }

        /// <summary>The decoded object key; empty for bucket-level requests.</summary>
        public string Key { get; }

        public bool VirtualHost { get; }

        /// <summary>The path exactly as sent, still percent-encoded.</summary>
        public string RawPath { get; }

        public string RawQuery { get; }

        /// <summary>The decoded query parameters in the order sent (signatures need every one).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> QueryPairs { get; }

        public IReadOnlyDictionary<string, string> Query { get; }

        /// <summary>The V2/OBS canonical resource before sub-resources: always <c>/bucket/key</c>, whichever style addressed it.</summary>
        public string ResourcePath => VirtualHost ? "/" + Bucket + RawPath : RawPath;

        public bool Has(string name) => Query.ContainsKey(name);

        public string? Q(string name) => Query.TryGetValue(name, out var value) ? value : null;

        public string Header(string name) => Headers[name].ToString();

        /// <param name="virtualBucket">The bucket named by the Host header, or null for path style.</param>
        public static ObsRequest Parse(HttpContext context, string? virtualBucket)
        {
            var (rawPath, rawQuery) = AkSkVerifier.SplitTarget(context);
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                pairs.Add(eq < 0
                    ? new KeyValuePair<string, string>(Decode(part), "")
                    : new KeyValuePair<string, string>(Decode(part.Substring(0, eq)), Decode(part.Substring(eq + 1))));
            }
            if (virtualBucket != null)
            {
                return new ObsRequest(context, virtualBucket, Decode(rawPath.TrimStart('/')), true, rawPath, rawQuery, pairs);
            }
            var rest = rawPath.TrimStart('/');
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest.Substring(0, slash);
            var key = slash < 0 ? "" : rest.Substring(slash + 1);
            return new ObsRequest(context, Decode(bucket), Decode(key), false, rawPath, rawQuery, pairs);
        }

        /// <summary>
        /// The query as the request log may keep it: pre-signed URLs carry signatures and security tokens, which are
        /// credentials and never logged.
        /// </summary>
        public QueryString LoggableQuery()
        {
            if (!QueryPairs.Any(p => Credentials.Contains(p.Key)))
            {
                return Context.Request.QueryString;
            }
            return new QueryString("?" + string.Join("&", QueryPairs.Select(p =>
                Uri.EscapeDataString(p.Key) + "=" + (Credentials.Contains(p.Key) ? "(redacted)" : Uri.EscapeDataString(p.Value)))));
        }

        private static readonly HashSet<string> Credentials = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Signature", "X-Amz-Signature", "X-Amz-Security-Token", "x-obs-security-token",
        };

        /// <summary>The first path segment of a path-style request, which decides whether it is OBS at all.</summary>
        public static string FirstSegment(PathString path)
        {
            var value = path.Value ?? "";
            var rest = value.TrimStart('/');
            var slash = rest.IndexOf('/');
            return slash < 0 ? rest : rest.Substring(0, slash);
        }

        private static string Decode(string text)
        {
            try
            {
                return Uri.UnescapeDataString(text);
            }
            catch (UriFormatException)
            {
                throw ObsException.InvalidArgument("The request URI holds an invalid percent-encoding.");
            }
        }
    }
}
