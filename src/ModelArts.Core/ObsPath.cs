using System;
using System.Linq;
using ModelArts.Core.Errors;

namespace ModelArts.Core
{
    /// <summary>
    /// OBS locations as v1 wants them: <c>/bucket/key</c>, directories ending with '/'.
    /// Users write <c>obs://bucket/key</c> (console, SDK helpers), <c>s3://bucket/key</c> (MoXing) or <c>/bucket/key</c> (v1).
    /// </summary>
    public static class ObsPath
    {
        private static readonly string[] Schemes = { "obs://", "s3://" };

        private static readonly char[] PathSeparator = { '/' };

        public static string Normalize(string path, bool directory) => Normalize(path, directory, null);

        public static string Normalize(string path, bool directory, string? parameterName)
        {
            var text = (path ?? string.Empty).Trim();
            var scheme = Schemes.FirstOrDefault(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase));
            string rest;
            if (scheme != null)
            {
                rest = text.Substring(scheme.Length);
            }
            else if (text.StartsWith("/", StringComparison.Ordinal))
            {
                rest = text.Substring(1);
            }
            else
            {
                throw Invalid(path, parameterName, "it must start with obs://, s3:// or /bucket/");
            }

            var segments = rest.Split(PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0)
            {
                throw Invalid(path, parameterName, "it names no bucket");
            }

            if (!IsBucketName(segments[0]))
            {
                throw Invalid(path, parameterName, "'" + segments[0] + "' is not a valid bucket name");
            }

            if (segments.Any(s => s == "." || s == ".." || s.IndexOf('\\') >= 0))
            {
                throw Invalid(path, parameterName, "it contains '.', '..' or '\\' segments");
            }

            var normalized = "/" + string.Join("/", segments);
            if (directory)
            {
                return normalized + "/";
            }

            if (segments.Length < 2 || rest.EndsWith("/", StringComparison.Ordinal))
            {
                throw Invalid(path, parameterName, "it names a directory, not a file");
            }

            return normalized;
        }

        /// <summary>True when <paramref name="file"/> (normalized) lies under <paramref name="directory"/> (normalized).</summary>
        internal static bool IsUnder(string file, string directory) =>
            file.StartsWith(directory, StringComparison.Ordinal) && file.Length > directory.Length;

        // OBS bucket rules: 3–63 characters, lower-case letters, digits, '-' and '.'.
        private static bool IsBucketName(string bucket) =>
            bucket.Length >= 3 && bucket.Length <= 63
            && bucket.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.');

        private static ModelArtsValidationException Invalid(string? path, string? parameterName, string reason) =>
            new ModelArtsValidationException(
                ValidationErrorIds.InvalidObsPath,
                "'" + path + "' is not an OBS path: " + reason + ". Use obs://bucket/key, s3://bucket/key or /bucket/key.",
                parameterName,
                path);
    }
}
