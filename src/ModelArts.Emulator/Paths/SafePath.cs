using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelArts.Emulator.Paths
{
    /// <summary>A path that would leave the data root, or that cannot be an OBS path at all.</summary>
    internal sealed class PathRefusedException : Exception
    {
        public PathRefusedException(string path, string reason) : base($"The path '{Printable(path)}' is refused: {reason}.") { }

        private static string Printable(string path) =>
            new string(path.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (path.Length > 200 ? "…" : "");
    }

    /// <summary>
    /// Maps OBS paths into the data root so that no input, however crafted, reaches a file outside it:
    /// no '..', no encoded or back-slash separators, no control characters, no over-long names, and no
    /// symbolic link on the way that points out of the root.
    /// </summary>
    internal static class SafePath
    {
        public const int MaxKeyBytes = 1024;
        public const int MaxSegmentBytes = 255;
        private const int MaxLinkHops = 40;

        private static readonly Regex Bucket = new Regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\\z", RegexOptions.CultureInvariant);
        private static readonly Regex Identifier = new Regex("^[A-Za-z0-9_-]{1,64}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex PercentEscape = new Regex("%[0-9A-Fa-f]{2}", RegexOptions.CultureInvariant);

        /// <summary>Accepts <c>/bucket/key</c>, <c>obs://bucket/key</c> and <c>s3://bucket/key</c>; a trailing '/' is kept.</summary>
        public static string MapObs(string obsRoot, string obsPath)
        {
            var rest = StripScheme(obsPath);
            if (rest.Any(c => char.IsControl(c)))
            {
                throw new PathRefusedException(obsPath, "it contains a control character");
            }
            if (rest.Contains('\\'))
            {
                throw new PathRefusedException(obsPath, "'\\' is not a separator in OBS paths");
            }
            if (PercentEscape.IsMatch(rest))
            {
                throw new PathRefusedException(obsPath, "percent-encoded characters are not accepted");
            }
            var segments = rest.Split('/');
            if (!IsBucketName(segments[0]))
            {
                throw new PathRefusedException(obsPath, "the bucket name must be 3 to 63 lower-case letters, digits, '-' or '.'");
            }
            var key = segments.Skip(1).ToArray();
            if (Encoding.UTF8.GetByteCount(string.Join("/", key)) > MaxKeyBytes)
            {
                throw new PathRefusedException(obsPath, $"the object key is longer than {MaxKeyBytes} bytes");
            }
            for (var i = 0; i < key.Length; i++)
            {
                var segment = key[i];
                if (segment.Length == 0 && i < key.Length - 1)
                {
                    throw new PathRefusedException(obsPath, "it contains an empty segment ('//')");
                }
                if (segment == "." || segment == "..")
                {
                    throw new PathRefusedException(obsPath, "'.' and '..' segments are not accepted");
                }
                if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
                {
                    throw new PathRefusedException(obsPath, $"a name is longer than {MaxSegmentBytes} bytes");
                }
            }
            var local = Path.Combine(new[] { obsRoot, segments[0] }.Concat(key.Where(s => s.Length > 0)).ToArray());
            EnsureInside(obsRoot, local, obsPath);
            return rest.EndsWith('/') ? local + Path.DirectorySeparatorChar : local;
        }

        /// <summary>True for an OBS bucket name: 3 to 63 lower-case letters, digits, '-' or '.', without '..'.</summary>
        public static bool IsBucketName(string name) => Bucket.IsMatch(name) && !name.Contains("..");

        /// <summary>The directory of a dataset version, refusing ids that are not plain names.</summary>
        public static string DatasetDirectory(string datasetsRoot, string datasetId, string versionId)
        {
            foreach (var id in new[] { datasetId, versionId })
            {
                if (!Identifier.IsMatch(id))
                {
                    throw new PathRefusedException(id, "dataset ids are 1 to 64 letters, digits, '_' or '-'");
                }
            }
            var local = Path.Combine(datasetsRoot, datasetId, versionId);
            EnsureInside(datasetsRoot, local, datasetId + "/" + versionId);
            return local + Path.DirectorySeparatorChar;
        }

        /// <summary>
        /// Refuses <paramref name="local"/> when it, or any symbolic link on its way (the final name included), resolves
        /// outside <paramref name="root"/>. Links are followed as the kernel follows them, so a '..' after a link climbs
        /// from where the link led, not from where it stands.
        /// </summary>
        public static void EnsureInside(string root, string local, string shownPath)
        {
            if (!IsUnder(Path.GetFullPath(root), Path.GetFullPath(local)) || !IsUnder(RealPath(root), RealPath(local)))
            {
                throw new PathRefusedException(shownPath, "it leads out of the data root");
            }
        }

        /// <summary>
        /// Opens a file that must stay inside <paramref name="root"/>: checked before opening like
        /// <see cref="EnsureInside"/>, and where the system can name an open file (Linux), checked again on the open
        /// handle, so a link swapped in between the check and the open is refused as well.
        /// </summary>
        public static FileStream OpenInside(string root, string local, FileMode mode, FileAccess access, FileShare share)
        {
            EnsureInside(root, local, local);
            var stream = new FileStream(local, mode, access, share);
            var opened = OpenedPath(stream);
            if (opened != null && !IsUnder(RealPath(root), opened))
            {
                stream.Dispose();
                throw new PathRefusedException(local, "it leads out of the data root");
            }
            return stream;
        }

        /// <summary>
        /// The path with every symbolic link on it followed (like realpath); parts that do not exist stay as given.
        /// '..' is never collapsed as text: it climbs from wherever the path has physically got to.
        /// </summary>
        public static string RealPath(string path)
        {
            var full = Path.IsPathRooted(path) ? path : Path.Combine(Environment.CurrentDirectory, path);
            var current = Path.GetPathRoot(full)!;
            var pending = new LinkedList<string>(Parts(full, current.Length));
            var hops = 0;
            while (pending.First is { } first)
            {
                var part = first.Value;
                pending.RemoveFirst();
                if (part == ".")
                {
                    continue;
                }
                if (part == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }
                var next = Path.Combine(current, part);
                if (new FileInfo(next).LinkTarget is not string target)
                {
                    current = next;
                    continue;
                }
                if (++hops > MaxLinkHops)
                {
                    throw new PathRefusedException(path, "too many symbolic links");
                }
                var rooted = Path.GetPathRoot(target) ?? string.Empty;
                if (rooted.Length > 0)
                {
                    current = rooted;
                }
                foreach (var linked in Parts(target, rooted.Length).Reverse())
                {
                    pending.AddFirst(linked);
                }
            }
            return current;
        }

        private static string[] Parts(string path, int skip) =>
            path.Substring(skip).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>The real path of an open file, read from /proc/self/fd; null where the system does not tell.</summary>
        private static string? OpenedPath(FileStream stream)
        {
            var descriptor = "/proc/self/fd/" + stream.SafeFileHandle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return OperatingSystem.IsLinux() && new FileInfo(descriptor).LinkTarget is string target ? target : null;
        }

        private static string StripScheme(string path)
        {
            foreach (var scheme in new[] { "obs://", "s3://" })
            {
                if (path.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                {
                    return path.Substring(scheme.Length);
                }
            }
            return path.StartsWith('/') ? path.Substring(1) : throw new PathRefusedException(path, "an OBS path starts with '/', 'obs://' or 's3://'");
        }

        private static bool IsUnder(string root, string path)
        {
            var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
            return path == root || path.StartsWith(prefix, StringComparison.Ordinal);
        }
    }
}
