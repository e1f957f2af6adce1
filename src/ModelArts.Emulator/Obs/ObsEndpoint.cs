using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelArts.Emulator.Faults;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Obs
{
    /// <summary>
    /// The OBS REST endpoint as middleware ahead of the body buffering of the JSON APIs, so uploads stream to disk.
    /// Path style (<c>/bucket/key</c>) except for the service's own API paths, virtual-host style when the Host is
    /// <c>&lt;bucket&gt;.&lt;a host of the service&gt;</c>; on its own address (<c>--obs-urls</c>) every path is OBS.
    /// </summary>
    internal sealed partial class ObsEndpoint
    {
        /// <summary>Bucket sub-resources OBS has and this service does not: refused before any work.</summary>
        private static readonly string[] Unsupported =
        {
            "acl", "policy", "cors", "lifecycle", "versions", "tagging", "website", "logging", "notification", "replication",
            "encryption", "quota", "storageinfo", "storagePolicy", "storageClass", "append", "restore", "metadata", "torrent", "requestPayment",
            "inventory", "customdomain", "object-lock", "ownershipControls", "publicAccessBlock", "accelerate", "analytics", "intelligent-tiering",
            "metrics", "attributes", "legal-hold", "retention", "select",
        };

        private readonly ObjectOperations _objects;
        private readonly BucketOperations _buckets;
        private readonly ListOperations _lists;
        private readonly MultipartOperations _multipart;
        private readonly ObsAuthenticator _authenticator;
        private readonly FaultInjector _faults;
        private readonly IReadOnlyList<string> _hosts;
        private readonly ILogger _logger;

        public ObsEndpoint(ObjectOperations objects, BucketOperations buckets, ListOperations lists, MultipartOperations multipart,
            ObsAuthenticator authenticator, FaultInjector faults, IEnumerable<string> hosts, ILoggerFactory loggers)
        {
            _objects = objects;
            _buckets = buckets;
            _lists = lists;
            _multipart = multipart;
            _authenticator = authenticator;
            _faults = faults;
            _hosts = hosts.Select(h => h.ToLowerInvariant()).Distinct().OrderByDescending(h => h.Length).ToList();
            _logger = loggers.CreateLogger("ModelArts.Emulator.Obs");
        }

        /// <summary>Middleware on the service's address: OBS unless the path is one of the service's own APIs.</summary>
        public Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            var virtualBucket = VirtualBucket(context.Request.Host.Host);
            if (virtualBucket == null && (ObjectStore.ReservedNames.Contains(ObsRequest.FirstSegment(context.Request.Path)) || IsIamDiscovery(context.Request)))
            {
                return next(context);
            }
            return HandleAsync(context, virtualBucket);
        }

        /// <summary>
        /// <c>GET /</c> is both IAM's version discovery and OBS's ListBuckets, which real clouds serve on different hosts:
        /// without OBS credentials (header or pre-signed query) it is IAM's.
        /// </summary>
        private static bool IsIamDiscovery(HttpRequest request) =>
            request.Path.Value is null or "" or "/" && request.Headers.Authorization.Count == 0
            && !request.Query.ContainsKey("Signature") && !request.Query.ContainsKey("X-Amz-Signature");

        /// <summary>The whole pipeline on OBS's own address.</summary>
        public Task InvokeAllAsync(HttpContext context, RequestDelegate next) => HandleAsync(context, VirtualBucket(context.Request.Host.Host));

        /// <summary>The bucket of a virtual-host style Host, or null for path style.</summary>
        public string? VirtualBucket(string host)
        {
            var lower = host.ToLowerInvariant();
            foreach (var known in _hosts)
            {
                if (lower.Length > known.Length + 1 && lower.EndsWith("." + known, StringComparison.Ordinal))
                {
                    return lower.Substring(0, lower.Length - known.Length - 1);
                }
            }
            return null;
        }

        private async Task HandleAsync(HttpContext context, string? virtualBucket)
        {
            var requestId = context.Response.Headers["X-Request-Id"].ToString();
            context.Response.Headers["x-obs-request-id"] = requestId;
            context.Response.Headers["x-amz-request-id"] = requestId;
            context.Response.Headers["x-obs-id-2"] = requestId;
            context.Response.Headers["x-amz-id-2"] = requestId;
            ObsRequest? request = null;
            try
            {
                request = ObsRequest.Parse(context, virtualBucket);
                // Only the request log reads the query from here on; signing uses the raw target.
                context.Request.QueryString = request.LoggableQuery();
                await _faults.InvokeObsAsync(context, () => DispatchAsync(request));
            }
            catch (Exception e) when (!context.Response.HasStarted && Translate(e, request) is ObsException error)
            {
                await WriteErrorAsync(context, error, request, requestId);
            }
        }

        private ObsException? Translate(Exception e, ObsRequest? request)
        {
            switch (e)
            {
                case ObsException obs:
                    return obs;
                case PathRefusedException refused:
                    return ObsException.InvalidArgument(refused.Message);
                case BadHttpRequestException or ConnectionResetException when !request?.Context.RequestAborted.IsCancellationRequested ?? true:
                    return new ObsException(StatusCodes.Status400BadRequest, "IncompleteBody", "The request body ended before its declared length.");
                case OperationCanceledException:
                    return null;
                default:
                    LogFailed(e);
                    return new ObsException(StatusCodes.Status500InternalServerError, "InternalError", "We encountered an internal error. Please try again.");
            }
        }

        private async Task DispatchAsync(ObsRequest request)
        {
            if (IsApiVersionProbe(request))
            {
                // The OBS SDKs ask this unauthenticated to choose between the OBS and the AWS V2 signature.
                request.Context.Response.Headers["x-obs-api"] = "3.0";
                return;
            }
            var caller = _authenticator.Authenticate(request);
            var method = request.Method;
            if (request.Bucket.Length == 0)
            {
                await (method == "GET" ? _lists.ListBucketsAsync(request) : throw MethodNotAllowed(method, "the service"));
                return;
            }
            RefuseUnsupported(request);
            if (request.Key.Length == 0)
            {
                await BucketAsync(request, caller, method);
                return;
            }
            switch (method)
            {
                case "PUT" when request.Has("uploadId"):
                    if (CopySource(request, caller) != null)
                    {
                        throw ObsException.NotImplemented("UploadPartCopy");
                    }
                    await _multipart.UploadPartAsync(request, caller);
                    break;
                case "PUT" when CopySource(request, caller) is string source:
                    await _objects.CopyAsync(request, caller, source);
                    break;
                case "PUT":
                    await _objects.PutAsync(request, caller);
                    break;
                case "GET" when request.Has("uploadId"):
                    await _multipart.ListPartsAsync(request);
                    break;
                case "GET":
                case "HEAD":
                    await _objects.GetAsync(request, caller, method == "HEAD");
                    break;
                case "DELETE" when request.Has("uploadId"):
                    _multipart.Abort(request);
                    break;
                case "DELETE":
                    await _objects.DeleteAsync(request);
                    break;
                case "POST" when request.Has("uploads"):
                    await _multipart.InitiateAsync(request);
                    break;
                case "POST" when request.Has("uploadId"):
                    await _multipart.CompleteAsync(request, caller);
                    break;
                default:
                    throw MethodNotAllowed(method, "an object");
            }
        }

        private async Task BucketAsync(ObsRequest request, ObsCaller caller, string method)
        {
            switch (method)
            {
                case "GET" when request.Has("location"):
                    await _buckets.LocationAsync(request);
                    break;
                case "GET" when request.Has("uploads"):
                    await _multipart.ListUploadsAsync(request);
                    break;
                case "GET" when request.Has("versioning"):
                    await _buckets.VersioningAsync(request);
                    break;
                case "PUT" when request.Has("versioning"):
                    throw ObsException.NotImplemented("bucket versioning");
                case "GET":
                    await _lists.ListObjectsAsync(request);
                    break;
                case "HEAD":
                    _buckets.Head(request);
                    break;
                case "PUT":
                    await _buckets.CreateAsync(request, caller);
                    break;
                case "DELETE":
                    _buckets.Delete(request);
                    break;
                case "POST" when request.Has("delete"):
                    await _buckets.DeleteObjectsAsync(request, caller);
                    break;
                default:
                    throw MethodNotAllowed(method, "a bucket");
            }
        }

        private static bool IsApiVersionProbe(ObsRequest request) =>
            request.Has("apiversion") && request.Method is "HEAD" or "GET" && request.Header("Authorization").Length == 0 && !request.Has("Signature");

        private static string? CopySource(ObsRequest request, ObsCaller caller) =>
            request.Header(caller.HeaderPrefix + "copy-source") is { Length: > 0 } source ? source : null;

        private static void RefuseUnsupported(ObsRequest request)
        {
            var unsupported = Unsupported.FirstOrDefault(request.Has);
            if (unsupported != null)
            {
                throw ObsException.NotImplemented("the '" + unsupported + "' sub-resource");
            }
        }

        private static ObsException MethodNotAllowed(string method, string resource) =>
            new ObsException(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"The specified method is not allowed against {resource}.",
                ("Method", method), ("ResourceType", resource));

        private static async Task WriteErrorAsync(HttpContext context, ObsException error, ObsRequest? request, string requestId)
        {
            context.Response.Headers.Remove("ETag");
            context.Response.Headers["x-obs-error-code"] = error.Code;
            if (context.Request.Method == "HEAD")
            {
                context.Response.StatusCode = error.Status;
                context.Response.ContentLength = 0;
                return;
            }
            var body = new XElement("Error",
                new XElement("Code", error.Code),
                new XElement("Message", error.Message),
                request is { Bucket.Length: > 0 } && !error.Details.Any(d => d.Name == "BucketName") ? new XElement("BucketName", request.Bucket) : null,
                error.Details.Select(d => new XElement(d.Name, d.Value)),
                new XElement("RequestId", requestId),
                new XElement("HostId", requestId));
            await ObsXml.WriteAsync(context, error.Status, body);
        }

        [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "OBS request failed.")]
        private partial void LogFailed(Exception error);
    }
}
