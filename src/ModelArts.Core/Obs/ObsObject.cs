using System;

namespace ModelArts.Core.Obs
{
    /// <summary>One object of a listing, or a folder (a common prefix) when <see cref="IsFolder"/>.</summary>
    public sealed class ObsObject
    {
        public ObsObject(string bucket, string key, long size, DateTimeOffset? lastModified, string? eTag, string? storageClass, bool isFolder)
        {
            Bucket = bucket;
            Key = key;
            Size = size;
            LastModified = lastModified;
            ETag = eTag;
            StorageClass = storageClass;
            IsFolder = isFolder;
        }

        public string Bucket { get; }

        public string Key { get; }

        public long Size { get; }

        public DateTimeOffset? LastModified { get; }

        /// <summary>Without quotes: the MD5 hex of a single upload, <c>md5-of-part-md5s-N</c> of a multipart one.</summary>
        public string? ETag { get; }

        public string? StorageClass { get; }

        public bool IsFolder { get; }

        /// <summary>The object's address as the module reads it, e.g. for Copy-MaObsItem -Path.</summary>
        public string Path => "obs://" + Bucket + "/" + Key;

        public override string ToString() => Path;
    }
}
