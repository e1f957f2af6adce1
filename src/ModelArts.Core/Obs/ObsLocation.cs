using System;

namespace ModelArts.Core.Obs
{
    /// <summary>A bucket and a key (or key prefix), parsed from <c>obs://</c>, <c>s3://</c> or <c>/bucket/key</c> by the module's one OBS path rule.</summary>
    public sealed class ObsLocation
    {
        public ObsLocation(string bucket, string key)
        {
            Bucket = bucket;
            Key = key;
        }

        public string Bucket { get; }

        /// <summary>Empty for the bucket itself; ends with '/' when the location is a folder.</summary>
        public string Key { get; }

        /// <summary>The bucket root or a key ending with '/'.</summary>
        public bool IsFolder => Key.Length == 0 || Key.EndsWith("/", StringComparison.Ordinal);

        /// <summary>The last segment of the key (a folder's own name without its '/'); empty for the bucket root.</summary>
        public string Name
        {
            get
            {
                var trimmed = Key.TrimEnd('/');
                return trimmed.Substring(trimmed.LastIndexOf('/') + 1);
            }
        }

        /// <summary>True for text the module would read as an OBS path rather than a local one.</summary>
        public static bool IsObsPath(string? text)
        {
            var value = (text ?? string.Empty).Trim();
            return value.StartsWith("obs://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Checks the path as <see cref="ObsPath"/> does (a bucket, a valid bucket name, no '.'/'..' segments) and keeps a trailing '/'.</summary>
        public static ObsLocation Parse(string path, string? parameterName)
        {
            var normalized = ObsPath.Normalize(path, true, parameterName);
            var slash = normalized.IndexOf('/', 1);
            var bucket = normalized.Substring(1, slash - 1);
            var key = normalized.Substring(slash + 1);
            var text = path.Trim();
            if (key.Length > 0 && !text.EndsWith("/", StringComparison.Ordinal))
            {
                key = key.TrimEnd('/');
            }

            return new ObsLocation(bucket, key);
        }

        public ObsLocation Child(string relativeKey) => new ObsLocation(Bucket, Key + relativeKey);

        public override string ToString() => "obs://" + Bucket + "/" + Key;
    }
}
