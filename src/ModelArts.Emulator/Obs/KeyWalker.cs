using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Obs
{
    /// <summary>
    /// A key found in a bucket folder: a file (<see cref="File"/>), a folder not entered (<see cref="Folder"/>, for delimiter
    /// roll-up), or a folder marker (neither; the key ends in '/').
    /// </summary>
    internal sealed record WalkEntry(string Key, FileInfo? File, DirectoryInfo? Folder);

    /// <summary>
    /// Walks a bucket folder in key order (ordinal, which is UTF-8 byte order for all but astral characters). Siblings are
    /// sorted with folders as <c>name/</c>, so a depth-first walk yields keys sorted, and whole subtrees before the start
    /// key or outside the prefix are never opened.
    /// </summary>
    internal sealed class KeyWalker
    {
        private readonly string _root;
        private readonly string _prefix;
        private readonly string _after;
        private readonly Func<string, bool> _isMarker;
        private readonly Func<string, bool> _enter;

        /// <param name="isMarker">Whether a folder key (<c>a/b/</c>) has a folder-marker object.</param>
        /// <param name="enter">Whether to descend into a folder; when not, the folder itself is yielded (for delimiter roll-up).</param>
        public KeyWalker(string bucketDirectory, string prefix, string after, Func<string, bool> isMarker, Func<string, bool> enter)
        {
            _root = bucketDirectory;
            _prefix = prefix;
            _after = after;
            _isMarker = isMarker;
            _enter = enter;
        }

        public IEnumerable<WalkEntry> Walk() => Walk(new DirectoryInfo(_root), "");

        /// <summary>Whether a folder holds any object at all (a file or a folder marker), for delimiter roll-up and bucket deletion.</summary>
        public static bool HasAnyObject(string bucketDirectory, DirectoryInfo directory, string folderKey, Func<string, bool> isMarker)
        {
            foreach (var entry in Entries(bucketDirectory, directory))
            {
                if (entry.Info is FileInfo)
                {
                    return true;
                }
                var key = folderKey + entry.Name + "/";
                if (isMarker(key) || HasAnyObject(bucketDirectory, (DirectoryInfo)entry.Info, key, isMarker))
                {
                    return true;
                }
            }
            return false;
        }

        private IEnumerable<WalkEntry> Walk(DirectoryInfo directory, string folderKey)
        {
            foreach (var entry in Entries(_root, directory))
            {
                if (entry.Info is FileInfo file)
                {
                    var key = folderKey + entry.Name;
                    if (key.StartsWith(_prefix, StringComparison.Ordinal) && string.CompareOrdinal(key, _after) > 0)
                    {
                        yield return new WalkEntry(key, file, null);
                    }
                    continue;
                }
                var folder = folderKey + entry.Name + "/";
                var inPrefix = folder.StartsWith(_prefix, StringComparison.Ordinal);
                if (!inPrefix && !_prefix.StartsWith(folder, StringComparison.Ordinal))
                {
                    continue;
                }
                if (!_after.StartsWith(folder, StringComparison.Ordinal) && string.CompareOrdinal(folder, _after) < 0)
                {
                    continue; // every key below sorts before the start
                }
                if (inPrefix && !_enter(folder))
                {
                    yield return new WalkEntry(folder, null, (DirectoryInfo)entry.Info);
                    continue;
                }
                if (inPrefix && string.CompareOrdinal(folder, _after) > 0 && _isMarker(folder))
                {
                    yield return new WalkEntry(folder, null, null);
                }
                foreach (var below in Walk((DirectoryInfo)entry.Info, folder))
                {
                    yield return below;
                }
            }
        }

        /// <summary>A folder's entries sorted as keys; symbolic links to folders are not followed, links leading out of the bucket are left out.</summary>
        private static IEnumerable<(string Name, FileSystemInfo Info)> Entries(string bucketDirectory, DirectoryInfo directory)
        {
            IEnumerable<FileSystemInfo> infos;
            try
            {
                infos = directory.EnumerateFileSystemInfos().ToList();
            }
            catch (DirectoryNotFoundException)
            {
                yield break;
            }
            var sorted = infos
                .Where(i => i.LinkTarget == null || (i is FileInfo && LinkStaysInside(bucketDirectory, i)))
                .Select(i => (i.Name, Info: i, SortKey: i is DirectoryInfo ? i.Name + "/" : i.Name))
                .OrderBy(e => e.SortKey, StringComparer.Ordinal);
            foreach (var entry in sorted)
            {
                yield return (entry.Name, entry.Info);
            }
        }

        private static bool LinkStaysInside(string bucketDirectory, FileSystemInfo info)
        {
            try
            {
                SafePath.EnsureInside(bucketDirectory, info.FullName, info.Name);
                return true;
            }
            catch (PathRefusedException)
            {
                return false;
            }
        }
    }
}
