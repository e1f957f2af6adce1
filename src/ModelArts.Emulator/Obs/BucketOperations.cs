using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>CreateBucket, HeadBucket, DeleteBucket (empty only), GetBucketLocation and DeleteObjects.</summary>
    internal sealed class BucketOperations
    {
        private const int MaxXmlBytes = 2 * 1024 * 1024;
        private const int MaxDeleteKeys = 1000;

        private readonly ObjectStore _store;
        private readonly MultipartStore _uploads;
        private readonly string _region;

        public BucketOperations(ObjectStore store, MultipartStore uploads, string region)
        {
            _store = store;
            _uploads = uploads;
            _region = region;
        }

        public async Task CreateAsync(ObsRequest request, ObsCaller caller)
        {
            _store.BucketDirectory(request.Bucket);
            var body = await BodyReceiver.ReadSmallAsync(request, caller, MaxXmlBytes);
            if (body.Length > 0)
            {
                var location = ObsXml.Child(ObsXml.Parse(body), "LocationConstraint") ?? "";
                if (location.Length > 0 && location != _region)
                {
                    throw new ObsException(StatusCodes.Status400BadRequest, "InvalidLocationConstraint",
                        $"The specified location-constraint is not valid: this service's region is '{_region}'.", ("LocationConstraint", location));
                }
            }
            if (!_store.CreateBucket(request.Bucket))
            {
                throw new ObsException(StatusCodes.Status409Conflict, "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.", ("BucketName", request.Bucket));
            }
            request.Context.Response.Headers.Location = "/" + request.Bucket;
            request.Context.Response.ContentLength = 0;
        }

        public void Head(ObsRequest request)
        {
            _store.RequireBucket(request.Bucket);
            request.Context.Response.Headers["x-amz-bucket-region"] = _region;
            request.Context.Response.Headers["x-obs-bucket-location"] = _region;
        }

        public void Delete(ObsRequest request)
        {
            _store.DeleteBucket(request.Bucket);
            _uploads.RemoveBucket(request.Bucket);
            request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
        }

        public Task LocationAsync(ObsRequest request)
        {
            _store.RequireBucket(request.Bucket);
            return ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, ObsXml.E("LocationConstraint", _region));
        }

        /// <summary>Buckets here are never versioned: an empty configuration says so (clients ask before deleting).</summary>
        public Task VersioningAsync(ObsRequest request)
        {
            _store.RequireBucket(request.Bucket);
            return ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, ObsXml.E("VersioningConfiguration"));
        }

        /// <summary>DeleteObjects: Content-MD5 is required and checked (OBS ignores the x-amz-checksum-* headers here).</summary>
        public async Task DeleteObjectsAsync(ObsRequest request, ObsCaller caller)
        {
            _store.RequireBucket(request.Bucket);
            if (request.Header("Content-MD5").Length == 0)
            {
                throw ObsException.InvalidRequest("Missing required header for this request: Content-MD5.");
            }
            var root = ObsXml.Parse(await BodyReceiver.ReadSmallAsync(request, caller, MaxXmlBytes));
            var keys = ObsXml.Children(root, "Object").Select(o => ObsXml.Child(o, "Key")).ToList();
            if (keys.Count == 0 || keys.Count > MaxDeleteKeys || keys.Any(k => string.IsNullOrEmpty(k)))
            {
                throw ObsException.MalformedXml($"Delete needs 1 to {MaxDeleteKeys} Object elements, each with a Key");
            }
            var quiet = ObsXml.Child(root, "Quiet") == "true";
            var results = new List<object>();
            foreach (var key in keys)
            {
                try
                {
                    _store.Delete(request.Bucket, key!);
                    if (!quiet)
                    {
                        results.Add(ObsXml.E("Deleted", ObsXml.E("Key", key)));
                    }
                }
                catch (ObsException e)
                {
                    results.Add(ObsXml.E("Error", ObsXml.E("Key", key), ObsXml.E("Code", e.Code), ObsXml.E("Message", e.Message)));
                }
            }
            await ObsXml.WriteAsync(request.Context, StatusCodes.Status200OK, ObsXml.E("DeleteResult", results));
        }
    }
}
