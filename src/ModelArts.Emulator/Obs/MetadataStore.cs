using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace ModelArts.Emulator.Obs
{
    /// <summary>
    /// Object and part records as small JSON files under <c>obs-meta/</c>, written atomically, and checked against the file
    /// they describe: a record that does not match (a job wrote the file, or a crash fell between record and rename) is
    /// replaced by one computed from the file itself.
    /// </summary>
    internal sealed class MetadataStore
    {
        private readonly string _objects;
        private readonly string _temp;

        public MetadataStore(string metaRoot, string tempDirectory)
        {
            _objects = Path.Combine(metaRoot, "objects");
            _temp = tempDirectory;
        }

        public string BucketDirectory(string bucket) => Path.Combine(_objects, bucket);

        /// <summary>Keys map to a hash, so every key (whatever its length or folders) has one flat record file.</summary>
        public string PathFor(string bucket, string key)
        {
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant();
            return Path.Combine(_objects, bucket, hash.Substring(0, 2), hash + ".json");
        }

        public static ObjectRecord? Read(string recordPath)
        {
            try
            {
                return JsonSerializer.Deserialize<ObjectRecord>(File.ReadAllBytes(recordPath));
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException || e is JsonException)
            {
                return null;
            }
        }

        public void Write(string recordPath, ObjectRecord record)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(recordPath)!);
            var temp = Path.Combine(_temp, Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(record));
            File.Move(temp, recordPath, overwrite: true);
        }

        public static void Delete(string recordPath)
        {
            try
            {
                File.Delete(recordPath);
            }
            catch (DirectoryNotFoundException)
            {
                // Never recorded: nothing to delete.
            }
        }

        /// <summary>The record of the file open as <paramref name="handle"/>: the stored one if it matches, else one computed now.</summary>
        public ObjectRecord Describe(string recordPath, SafeFileHandle handle)
        {
            var size = RandomAccess.GetLength(handle);
            var ticks = File.GetLastWriteTimeUtc(handle).Ticks;
            var stored = Read(recordPath);
            if (stored != null && stored.Size == size && stored.WriteTicks == ticks)
            {
                return stored;
            }
            var record = new ObjectRecord { ETag = Md5Hex(handle, size), Size = size, WriteTicks = ticks };
            TryWrite(recordPath, record);
            return record;
        }

        /// <summary>As <see cref="Describe(string, SafeFileHandle)"/> for a listing: opens the file only when its record is stale.</summary>
        public ObjectRecord? Describe(string recordPath, FileInfo file)
        {
            var stored = Read(recordPath);
            if (stored != null && stored.Size == file.Length && stored.WriteTicks == file.LastWriteTimeUtc.Ticks)
            {
                return stored;
            }
            try
            {
                using var handle = File.OpenHandle(file.FullName);
                return Describe(recordPath, handle);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                return null;
            }
        }

        private void TryWrite(string recordPath, ObjectRecord record)
        {
            try
            {
                Write(recordPath, record);
            }
            catch (IOException)
            {
                // The record is a cache of what the file says; the next read computes it again.
            }
        }

        private static string Md5Hex(SafeFileHandle handle, long size)
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var buffer = new byte[1024 * 1024];
            long offset = 0;
            int read;
            while (offset < size && (read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                offset += read;
            }
            return Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant();
        }
    }
}
