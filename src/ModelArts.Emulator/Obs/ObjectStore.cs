using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Obs
{
    /// <summary>An object open for reading, with the record that matches exactly the bytes open (never a newer writer's).</summary>
    internal sealed record OpenObject(FileStream? Stream, ObjectRecord Record) : IDisposable
    {
        public void Dispose() => Stream?.Dispose();
    }

    /// <summary>
    /// Buckets are the folders under <c>&lt;data-root&gt;/obs/</c> and objects the files in them, so jobs and OBS clients
    /// see the same thing. A key ending in '/' with an empty body is a folder (marker). Objects appear by rename from a
    /// temp file in the same file system, so a reader sees the old or the new object, never a part of one.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The store lives as long as the service and its lock is taken until the last request ends; the lock's wait handles are finalizable.")]
    internal sealed class ObjectStore
    {
        /// <summary>First path segments the service's own APIs use; <c>v3.0</c> (IAM) would otherwise be a valid bucket name.</summary>
        public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal) { "v1", "v2", "v3", "v3.0", "_local", Api.V2.V2LogEndpoints.DownloadPrefix.TrimStart('/') };

        private readonly DataRoot _root;
        private readonly object[] _keyLocks = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();

        // Commits take it shared; removing emptied folders takes it exclusive, so a folder is never removed under a commit.
        private readonly ReaderWriterLockSlim _folders = new ReaderWriterLockSlim();
        private long _lastWriteTicks;

        public ObjectStore(DataRoot root)
        {
            _root = root;
            TempDirectory = Path.Combine(root.ObsMeta, "tmp");
            // Left-overs of uploads a crash interrupted: never visible as objects, deleted at start.
            if (Directory.Exists(TempDirectory))
            {
                Directory.Delete(TempDirectory, recursive: true);
            }
            Directory.CreateDirectory(TempDirectory);
            Metadata = new MetadataStore(root.ObsMeta, TempDirectory);
        }

        public string TempDirectory { get; }

        public MetadataStore Metadata { get; }

        public string NewTempPath() => Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".upload");

        public IEnumerable<(string Name, DateTime Created)> Buckets() =>
            new DirectoryInfo(_root.Obs).EnumerateDirectories()
                .Where(d => d.LinkTarget == null && InvalidBucketReason(d.Name) == null)
                .OrderBy(d => d.Name, StringComparer.Ordinal)
                .Select(d => (d.Name, d.CreationTimeUtc))
                .ToList();

        /// <summary>Why a name cannot be a bucket (OBS rules), or null when it can.</summary>
        public static string? InvalidBucketReason(string name)
        {
            if (name.Length < 3 || name.Length > 63)
            {
                return "a bucket name has 3 to 63 characters";
            }
            if (!name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.') || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
            {
                return "a bucket name has lower-case letters, digits, '-' and '.', and starts and ends with a letter or digit";
            }
            if (name.Contains("..") || name.Contains(".-") || name.Contains("-."))
            {
                return "a bucket name has no '..', '.-' or '-.'";
            }
            if (IPAddress.TryParse(name, out _) && name.Count(c => c == '.') == 3)
            {
                return "a bucket name is not an IP address";
            }
            return ReservedNames.Contains(name) ? $"'{name}' is a path of the service's own APIs" : null;
        }

        public string BucketDirectory(string bucket)
        {
            if (InvalidBucketReason(bucket) is string reason)
            {
                throw ObsException.InvalidBucketName(bucket, reason);
            }
            try
            {
                return _root.MapObs("/" + bucket);
            }
            catch (PathRefusedException e)
            {
                throw ObsException.InvalidBucketName(bucket, e.Message);
            }
        }

        public string RequireBucket(string bucket)
        {
            var directory = BucketDirectory(bucket);
            return Directory.Exists(directory) ? directory : throw ObsException.NoSuchBucket(bucket);
        }

        /// <summary>False when the bucket already existed.</summary>
        public bool CreateBucket(string bucket)
        {
            var directory = BucketDirectory(bucket);
            if (Directory.Exists(directory))
            {
                return false;
            }
            Directory.CreateDirectory(directory);
            return true;
        }

        public void DeleteBucket(string bucket)
        {
            var directory = RequireBucket(bucket);
            _folders.EnterWriteLock();
            try
            {
                if (KeyWalker.HasAnyObject(directory, new DirectoryInfo(directory), "", key => IsMarker(bucket, key)))
                {
                    throw new ObsException(StatusCodes.Status409Conflict, "BucketNotEmpty", "The bucket you tried to delete is not empty.", ("BucketName", bucket));
                }
                Directory.Delete(directory, recursive: true);
                var records = Metadata.BucketDirectory(bucket);
                if (Directory.Exists(records))
                {
                    Directory.Delete(records, recursive: true);
                }
            }
            finally
            {
                _folders.ExitWriteLock();
            }
        }

        /// <summary>The file (or, for a key ending in '/', the folder) of a key, by the data root's one path policy.</summary>
        public string ObjectPath(string bucket, string key)
        {
            BucketDirectory(bucket);
            if (key.Length == 0)
            {
                throw ObsException.InvalidArgument("An object key must not be empty.");
            }
            if (Encoding.UTF8.GetByteCount(key) > SafePath.MaxKeyBytes)
            {
                throw new ObsException(StatusCodes.Status400BadRequest, "KeyTooLongError", "Your key is too long.", ("MaxSizeAllowed", SafePath.MaxKeyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            try
            {
                return _root.MapObs("/" + bucket + "/" + key);
            }
            catch (PathRefusedException e)
            {
                throw ObsException.InvalidArgument("This local OBS keeps objects as files and cannot store this key: " + e.Message, "key", key);
            }
        }

        public bool IsMarker(string bucket, string folderKey) => File.Exists(Metadata.PathFor(bucket, folderKey));

        /// <summary>Opens an object, or returns null when there is none.</summary>
        public OpenObject? Open(string bucket, string key)
        {
            var path = ObjectPath(bucket, key);
            RequireBucket(bucket);
            if (key.EndsWith('/'))
            {
                var marker = MetadataStore.Read(Metadata.PathFor(bucket, key));
                return marker != null && Directory.Exists(path) ? new OpenObject(null, marker) : null;
            }
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException || e is UnauthorizedAccessException)
            {
                return null;
            }
            try
            {
                return new OpenObject(stream, Metadata.Describe(Metadata.PathFor(bucket, key), stream.SafeFileHandle));
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        public OpenObject Require(string bucket, string key) => Open(bucket, key) ?? throw ObsException.NoSuchKey(key);

        /// <summary>Makes the temp file the object, with its record; concurrent commits of one key: the last one wins whole.</summary>
        public ObjectRecord Commit(string bucket, string key, string tempPath, ObjectRecord record)
        {
            var path = ObjectPath(bucket, key);
            _folders.EnterReadLock();
            try
            {
                lock (LockFor(bucket, key))
                {
                    RequireBucket(bucket);
                    CreateParent(path, key);
                    if (Directory.Exists(path))
                    {
                        throw Conflict(key, "a folder of that name holds other objects");
                    }
                    var ticks = NextWriteTicks();
                    File.SetLastWriteTimeUtc(tempPath, new DateTime(ticks, DateTimeKind.Utc));
                    var stored = record with { WriteTicks = ticks };
                    Metadata.Write(Metadata.PathFor(bucket, key), stored);
                    File.Move(tempPath, path, overwrite: true);
                    return stored;
                }
            }
            finally
            {
                _folders.ExitReadLock();
            }
        }

        /// <summary>A folder marker: the folder, and a record saying it was created as an object.</summary>
        public ObjectRecord CommitFolder(string bucket, string key, ObjectRecord record)
        {
            var path = ObjectPath(bucket, key);
            _folders.EnterReadLock();
            try
            {
                lock (LockFor(bucket, key))
                {
                    RequireBucket(bucket);
                    if (File.Exists(path.TrimEnd(Path.DirectorySeparatorChar)))
                    {
                        throw Conflict(key, "an object of that name without the '/' exists");
                    }
                    CreateParent(path.TrimEnd(Path.DirectorySeparatorChar), key);
                    Directory.CreateDirectory(path);
                    Metadata.Write(Metadata.PathFor(bucket, key), record);
                    return record;
                }
            }
            finally
            {
                _folders.ExitReadLock();
            }
        }

        public void Delete(string bucket, string key)
        {
            var path = ObjectPath(bucket, key);
            var bucketDirectory = RequireBucket(bucket);
            lock (LockFor(bucket, key))
            {
                if (!key.EndsWith('/'))
                {
                    try
                    {
                        File.Delete(path);
                    }
                    catch (DirectoryNotFoundException)
                    {
                        // Deleting a missing key succeeds, as on OBS.
                    }
                }
                MetadataStore.Delete(Metadata.PathFor(bucket, key));
            }
            RemoveEmptyFolders(bucket, bucketDirectory, key.EndsWith('/') ? path.TrimEnd(Path.DirectorySeparatorChar) : Path.GetDirectoryName(path)!);
        }

        /// <summary>Folders a deletion emptied go too (an OBS folder is only a key prefix), unless they are folder markers.</summary>
        private void RemoveEmptyFolders(string bucket, string bucketDirectory, string folder)
        {
            _folders.EnterWriteLock();
            try
            {
                while (folder.Length > bucketDirectory.Length && folder.StartsWith(bucketDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    var folderKey = Path.GetRelativePath(bucketDirectory, folder).Replace(Path.DirectorySeparatorChar, '/') + "/";
                    if (IsMarker(bucket, folderKey) || !Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any())
                    {
                        return;
                    }
                    Directory.Delete(folder);
                    folder = Path.GetDirectoryName(folder)!;
                }
            }
            catch (IOException)
            {
                // Something else wrote into the folder meanwhile: it stays.
            }
            finally
            {
                _folders.ExitWriteLock();
            }
        }

        private static void CreateParent(string path, string key)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            }
            catch (IOException)
            {
                throw Conflict(key, "an object is stored where this key needs a folder");
            }
        }

        private static ObsException Conflict(string key, string reason) =>
            ObsException.InvalidArgument($"This local OBS keeps objects as files and cannot store '{key}': {reason}.", "key", key);

        /// <summary>Each commit gets its own modification time, so a record never matches another writer's file.</summary>
        private long NextWriteTicks()
        {
            while (true)
            {
                var last = Interlocked.Read(ref _lastWriteTicks);
                var next = Math.Max(DateTime.UtcNow.Ticks, last + 1);
                if (Interlocked.CompareExchange(ref _lastWriteTicks, next, last) == last)
                {
                    return next;
                }
            }
        }

        private object LockFor(string bucket, string key) => _keyLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(bucket + "/" + key) % _keyLocks.Length)];
    }
}
