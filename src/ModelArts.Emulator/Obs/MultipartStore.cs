using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>A multipart upload in progress: its key, when it began and the record the object will get.</summary>
    internal sealed record Upload(string Key, string UploadId, DateTime Initiated, ObjectRecord Record);

    /// <summary>A stored part.</summary>
    internal sealed record Part(int Number, string Path, ObjectRecord Record);

    /// <summary>A part named in CompleteMultipartUpload.</summary>
    internal sealed record CompletedPart(int Number, string ETag);

    /// <summary>
    /// Uploads in progress under <c>obs-meta/uploads/&lt;bucket&gt;/&lt;upload id&gt;/</c>: <c>upload.json</c> and one file per
    /// part, each put in place by rename once whole, so a crash loses no committed part and leaves no half one.
    /// </summary>
    internal sealed class MultipartStore
    {
        public const long MinPartSize = 100 * 1024;
        public const int MaxPartNumber = 10_000;

        private static readonly Regex UploadIdPattern = new Regex("^[0-9a-f]{32}\\z", RegexOptions.CultureInvariant);

        private readonly ObjectStore _objects;
        private readonly string _uploads;

        public MultipartStore(ObjectStore objects, string metaRoot)
        {
            _objects = objects;
            _uploads = Path.Combine(metaRoot, "uploads");
        }

        public Upload Initiate(string bucket, string key, ObjectRecord record)
        {
            _objects.RequireBucket(bucket);
            var upload = new Upload(key, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(), DateTime.UtcNow, record);
            var directory = UploadDirectory(bucket, upload.UploadId);
            Directory.CreateDirectory(directory);
            var temp = _objects.NewTempPath();
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(upload));
            File.Move(temp, Path.Combine(directory, "upload.json"));
            return upload;
        }

        public Upload Find(string bucket, string key, string uploadId)
        {
            _objects.RequireBucket(bucket);
            var upload = UploadIdPattern.IsMatch(uploadId) ? Read(Path.Combine(UploadDirectory(bucket, uploadId), "upload.json")) : null;
            return upload != null && upload.Key == key ? upload : throw ObsException.NoSuchUpload(uploadId);
        }

        public IReadOnlyList<Upload> List(string bucket)
        {
            var directory = Path.Combine(_uploads, bucket);
            if (!Directory.Exists(directory))
            {
                return Array.Empty<Upload>();
            }
            return Directory.EnumerateDirectories(directory)
                .Select(d => Read(Path.Combine(d, "upload.json")))
                .OfType<Upload>()
                .OrderBy(u => u.Key, StringComparer.Ordinal).ThenBy(u => u.Initiated)
                .ToList();
        }

        public static int ParsePartNumber(string? text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= MaxPartNumber
                ? number
                : throw ObsException.InvalidArgument($"Part number must be an integer between 1 and {MaxPartNumber}, inclusive.", "partNumber", text);

        /// <summary>Puts a received part in place (replacing one of the same number) and returns its record.</summary>
        public ObjectRecord SavePart(string bucket, Upload upload, int number, ReceivedBody body)
        {
            var directory = UploadDirectory(bucket, upload.UploadId);
            var path = PartPath(directory, number);
            var record = new ObjectRecord { ETag = body.ETag, Size = body.Size };
            File.Move(body.TempPath, path, overwrite: true);
            using var handle = File.OpenHandle(path);
            _objects.Metadata.Write(path + ".json", record with { WriteTicks = File.GetLastWriteTimeUtc(handle).Ticks });
            return record;
        }

        public IReadOnlyList<Part> Parts(string bucket, Upload upload)
        {
            var directory = UploadDirectory(bucket, upload.UploadId);
            var parts = new List<Part>();
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*.part"))
            {
                if (!int.TryParse(Path.GetFileNameWithoutExtension(file.Name), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    continue;
                }
                var record = _objects.Metadata.Describe(file.FullName + ".json", file);
                if (record != null)
                {
                    parts.Add(new Part(number, file.FullName, record));
                }
            }
            return parts.OrderBy(p => p.Number).ToList();
        }

        /// <summary>
        /// Checks the client's part list (ascending, each part stored with that ETag, all but the last at least 100 KB),
        /// joins the parts into a temp file and returns it with the multipart ETag: MD5 of the parts' MD5s, dash, count.
        /// </summary>
        public async Task<(string TempPath, string ETag, long Size)> AssembleAsync(string bucket, Upload upload, IReadOnlyList<CompletedPart> chosen,
            System.Threading.CancellationToken cancellationToken)
        {
            if (chosen.Count == 0)
            {
                throw ObsException.MalformedXml("CompleteMultipartUpload needs at least one Part");
            }
            var stored = Parts(bucket, upload).ToDictionary(p => p.Number);
            var parts = new List<Part>();
            for (var i = 0; i < chosen.Count; i++)
            {
                if (i > 0 && chosen[i].Number <= chosen[i - 1].Number)
                {
                    throw new ObsException(StatusCodes.Status400BadRequest, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
                }
                if (!stored.TryGetValue(chosen[i].Number, out var part) || ObsXml.Unquote(chosen[i].ETag) != part.Record.ETag)
                {
                    throw new ObsException(StatusCodes.Status400BadRequest, "InvalidPart",
                        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
                        ("PartNumber", chosen[i].Number.ToString(CultureInfo.InvariantCulture)), ("ETag", chosen[i].ETag));
                }
                if (i < chosen.Count - 1 && part.Record.Size < MinPartSize)
                {
                    throw new ObsException(StatusCodes.Status400BadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.",
                        ("PartNumber", part.Number.ToString(CultureInfo.InvariantCulture)), ("ProposedSize", part.Record.Size.ToString(CultureInfo.InvariantCulture)),
                        ("MinSizeAllowed", MinPartSize.ToString(CultureInfo.InvariantCulture)));
                }
                parts.Add(part);
            }
            var temp = _objects.NewTempPath();
            long size = 0;
            using var md5s = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            try
            {
                await using var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
                foreach (var part in parts)
                {
                    await using (var source = new FileStream(part.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan))
                    {
                        await source.CopyToAsync(target, 1024 * 1024, cancellationToken);
                    }
                    size += part.Record.Size;
                    md5s.AppendData(Convert.FromHexString(part.Record.ETag));
                }
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
            return (temp, Convert.ToHexString(md5s.GetHashAndReset()).ToLowerInvariant() + "-" + parts.Count.ToString(CultureInfo.InvariantCulture), size);
        }

        public void Remove(string bucket, Upload upload)
        {
            var directory = UploadDirectory(bucket, upload.UploadId);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        public void RemoveBucket(string bucket)
        {
            var directory = Path.Combine(_uploads, bucket);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        private string UploadDirectory(string bucket, string uploadId) => Path.Combine(_uploads, bucket, uploadId);

        private static string PartPath(string directory, int number) => Path.Combine(directory, number.ToString("D5", CultureInfo.InvariantCulture) + ".part");

        private static Upload? Read(string path)
        {
            try
            {
                return JsonSerializer.Deserialize<Upload>(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException || e is JsonException)
            {
                return null;
            }
        }
    }
}
