using System;
using System.Linq;
using System.Text;
using ModelArts.Core.Errors;

namespace ModelArts.Core
{
    /// <summary>
    /// OBS locations as v1 wants them: <c>/bucket/key</c>, directories ending with '/'.
    /// Users write <c>obs://bucket/key</c> (console, SDK helpers), <c>s3://bucket/key</c> (MoXing) or <c>/bucket/key</c> (v1).
    /// </summary>
    public static class ObsPath
    {
        // OBS object keys are at most 1,024 bytes of UTF-8.
        private const int MaxKeyBytes = 1024;

        private static readonly string[] Schemes = { "obs://", "s3://" };

        private static readonly char[] PathSeparator = { '/' };


        public static string Normalize(string path, bool directory) => Normalize(path, directory, null);

        public static string Normalize(string path, bool directory, string? parameterName)
        {
            var text = (path ?? string.Empty).Trim();
            var problem = TextRules.Problem(text);
            if (problem != null)
            {
                throw Invalid(path, parameterName, problem);
            }

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
                throw Invalid(path, parameterName, "'" + segments[0] + "' is not a valid bucket name (3 to 63 characters: lower-case letters, digits, '-' and '.')");
            }

            // A percent-encoded dot segment (%2e%2e) is one a server or proxy may decode into '..' after the check.
            if (segments.Any(s => s.IndexOf('\\') >= 0 || IsDotSegment(s) || IsDotSegment(Unescape(s))))
            {
                throw Invalid(path, parameterName, "it contains '.', '..' (also as %2e%2e) or '\\' segments");
            }

            var keyBytes = Encoding.UTF8.GetByteCount(string.Join("/", segments.Skip(1)));
            if (keyBytes > MaxKeyBytes)
            {
                throw Invalid(path, parameterName, "its object key is " + keyBytes + " bytes long; OBS allows at most " + MaxKeyBytes);
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

        private static bool IsDotSegment(string segment) => segment == "." || segment == "..";

        private static string Unescape(string segment)
        {
            try
            {
                return Uri.UnescapeDataString(segment);
            }
            catch (UriFormatException)
            {
                return segment;
            }
        }

        private static ModelArtsValidationException Invalid(string? path, string? parameterName, string reason) =>
            new ModelArtsValidationException(
                ValidationErrorIds.InvalidObsPath,
                "'" + path + "' is not an OBS path: " + reason + ". Use obs://bucket/key, s3://bucket/key or /bucket/key.",
                parameterName,
                path);
    }
}
