using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Obs
{
    /// <summary>
    /// Moves files between this machine and OBS: several requests in flight over all files, large files in parts
    /// (each part retried alone by the pipeline), unchanged files left out, and nothing half-done left behind: an
    /// interrupted multipart upload is aborted (or kept for <see cref="ObsTransferOptions.Resume"/>), a download is
    /// written to a temporary file that becomes the file by a rename only once it is whole.
    /// </summary>
    // Not disposable: its SemaphoreSlim holds no OS handle (AvailableWaitHandle is never used), and disposing it under a
    // transfer that Ctrl+C abandoned would strand that transfer's waiters before they clean up their temporary files.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "See above.")]
    public sealed class ObsTransfer
    {
        private const string PartialSuffix = ".ma-partial";

        // A chunk is hashed right after it is read, while it is still in the CPU's cache.
        private const int ReadChunk = 1024 * 1024;

        private readonly ObsClient _client;
        private readonly ObsTransferOptions _options;
        private readonly SemaphoreSlim _slots;

        // Only requests in flight hold a buffer (they rent it within their slot), so a transfer's memory is at most
        // Parallelism buffers of each size it met, whatever the size of its files; the pool goes with the transfer.
        private readonly ArrayPool<byte> _buffers;

        public ObsTransfer(ObsClient client, ObsTransferOptions options)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.PartSize < ObsTransferOptions.MinPartSize || options.Parallelism < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "The part size must be at least 100 KB and the parallelism at least 1.");
            }

            _slots = new SemaphoreSlim(options.Parallelism, options.Parallelism);
            _buffers = ArrayPool<byte>.Create(options.PartSize, options.Parallelism);
        }

        public ObsTransferProgress Progress { get; } = new ObsTransferProgress();

        /// <summary>
        /// The files of an upload and their keys. A folder keeps its own name under a destination ending in '/' (as the
        /// SDK's upload_dir and Copy-Item into an existing folder do) unless <paramref name="contentsOnly"/>; a destination
        /// without '/' is the new name. Checked before anything is sent.
        /// </summary>
        public static IReadOnlyList<(string LocalPath, ObsLocation Remote)> PlanUpload(string localPath, ObsLocation destination, bool recurse, bool contentsOnly)
        {
            var full = Path.GetFullPath(localPath);
            if (File.Exists(full))
            {
                var key = destination.IsFolder ? destination.Key + Path.GetFileName(full) : destination.Key;
                return new[] { (full, new ObsLocation(destination.Bucket, key)) };
            }

            if (!Directory.Exists(full))
            {
                throw new ModelArtsValidationException(ValidationErrorIds.LocalPathNotFound, "There is no file or folder '" + localPath + "'.", "Path", localPath);
            }

            if (!recurse)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.ObsFolderNeedsRecurse, "'" + localPath + "' is a folder; add -Recurse to copy it with its contents.", "Recurse", localPath);
            }

            var root = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var prefix = destination.Key.Length == 0 ? string.Empty : destination.Key.TrimEnd('/') + "/";
            if (destination.IsFolder && !contentsOnly)
            {
                prefix += Path.GetFileName(root) + "/";
            }

            // Empty folders are not uploaded: OBS has no folders, only keys.
            try
            {
                return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Select(file => (file, new ObsLocation(destination.Bucket, prefix + file.Substring(root.Length + 1).Replace(Path.DirectorySeparatorChar, '/'))))
                    .OrderBy(f => f.Item2.Key, StringComparer.Ordinal)
                    .ToList();
            }
            catch (UnauthorizedAccessException e)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.LocalPathUnreadable, "'" + localPath + "' cannot be read: " + e.Message, "Path", localPath);
            }
        }

        /// <summary>
        /// The objects of a download and their local paths. Into an existing folder a source keeps its own name; otherwise
        /// the destination is the new name (with <paramref name="contentsOnly"/>, a folder's contents go straight into the
        /// destination). Folder markers (zero-byte keys ending in '/') are not files. A key that would
        /// land outside the destination is refused.
        /// </summary>
        public async Task<IReadOnlyList<(ObsObject Remote, string LocalPath)>> PlanDownloadAsync(
            ObsLocation source, string localDestination, bool recurse, bool contentsOnly, CancellationToken cancellationToken)
        {
            var destination = Path.GetFullPath(localDestination);
            var intoFolder = Directory.Exists(destination);
            if (!source.IsFolder)
            {
                var target = intoFolder ? Path.Combine(destination, source.Name) : destination;
                CheckDestination(target);
                var exact = await FindAsync(source, cancellationToken).ConfigureAwait(false);
                if (exact != null)
                {
                    return new[] { (exact, target) };
                }

                if (!recurse)
                {
                    throw new ModelArtsException(ModelArtsErrorKind.NotFound, "There is no object '" + source + "'.");
                }
            }

            var prefix = source.IsFolder ? source.Key : source.Key + "/";
            if (!recurse)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.ObsFolderNeedsRecurse, "'" + source + "' is a folder; add -Recurse to copy it with its contents.", "Recurse", source.ToString());
            }

            var root = intoFolder && !contentsOnly ? Path.Combine(destination, source.Name.Length == 0 ? source.Bucket : source.Name) : destination;
            var plan = new List<(ObsObject, string)>();
            await foreach (var item in _client.ListAsync(source.Bucket, prefix, true, cancellationToken).ConfigureAwait(false))
            {
                if (item.Key.EndsWith("/", StringComparison.Ordinal))
                {
                    continue;
                }

                plan.Add((item, LocalPathOf(root, item.Key.Substring(prefix.Length), item)));
            }

            if (plan.Count == 0)
            {
                throw new ModelArtsException(ModelArtsErrorKind.NotFound, "There is no object or folder '" + source + "'.");
            }

            return plan;
        }

        /// <summary>The object with exactly this key, or null.</summary>
        public async Task<ObsObject?> FindAsync(ObsLocation location, CancellationToken cancellationToken)
        {
            await foreach (var item in _client.ListAsync(location.Bucket, location.Key, true, cancellationToken).ConfigureAwait(false))
            {
                if (item.Key == location.Key)
                {
                    return item;
                }

                if (string.CompareOrdinal(item.Key, location.Key) > 0 && !item.Key.StartsWith(location.Key, StringComparison.Ordinal))
                {
                    break;
                }
            }

            return null;
        }

        public async Task<IReadOnlyList<ObsTransferResult>> UploadAsync(IReadOnlyList<(string LocalPath, ObsLocation Remote)> files, CancellationToken cancellationToken)
        {
            var existing = _options.SkipUnchanged ? await ExistingAsync(files.Select(f => f.Remote).ToList(), cancellationToken).ConfigureAwait(false) : null;
            foreach (var file in files)
            {
                Progress.AddFile(new FileInfo(file.LocalPath).Length);
            }

            return await Task.WhenAll(files.Select(f => Guard(f.LocalPath, f.Remote, () => UploadOneAsync(f.LocalPath, f.Remote, existing, cancellationToken), cancellationToken))).ConfigureAwait(false);
        }

        /// <summary>Deletes the objects, several requests in flight.</summary>
        public async Task DeleteAsync(IReadOnlyList<ObsObject> objects, CancellationToken cancellationToken)
        {
            foreach (var item in objects)
            {
                Progress.AddFile(0);
            }

            await Task.WhenAll(objects.Select(item => WithSlotAsync(
                async () =>
                {
                    await _client.DeleteObjectAsync(item.Bucket, item.Key, cancellationToken).ConfigureAwait(false);
                    Progress.FileDone();
                    return item;
                },
                cancellationToken))).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<ObsTransferResult>> DownloadAsync(IReadOnlyList<(ObsObject Remote, string LocalPath)> files, CancellationToken cancellationToken)
        {
            foreach (var file in files)
            {
                Progress.AddFile(file.Remote.Size);
            }

            return await Task.WhenAll(files.Select(f => Guard(f.LocalPath, new ObsLocation(f.Remote.Bucket, f.Remote.Key), () => DownloadOneAsync(f.Remote, f.LocalPath, cancellationToken), cancellationToken))).ConfigureAwait(false);
        }

        private void CheckDestination(string path)
        {
            if (!_options.Force && !_options.SkipUnchanged && File.Exists(path))
            {
                throw new ModelArtsValidationException(ValidationErrorIds.LocalDestinationExists, "'" + path + "' exists; add -Force to overwrite it.", "Destination", path);
            }
        }

        private static string LocalPathOf(string root, string relativeKey, ObsObject item)
        {
            var segments = relativeKey.Split('/');
            if (segments.Any(s => s.Length == 0 || s == "." || s == ".." || s.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0))
            {
                throw new ModelArtsValidationException(ValidationErrorIds.InvalidObsKey, "The key '" + item.Key + "' cannot be a local file name under '" + root + "'.", "Path", item.Path);
            }

            return Path.Combine(root, Path.Combine(segments));
        }

        private async Task<ObsTransferResult> Guard(string localPath, ObsLocation remote, Func<Task<ObsTransferResult>> transfer, CancellationToken cancellationToken)
        {
            try
            {
                return await transfer().ConfigureAwait(false);
            }
            catch (ModelArtsException e) when (!cancellationToken.IsCancellationRequested)
            {
                return new ObsTransferResult(localPath, remote, null, false, e);
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                return new ObsTransferResult(localPath, remote, null, false, new ModelArtsException(ModelArtsErrorKind.InvalidArgument, e.Message, innerException: e));
            }
            finally
            {
                Progress.FileDone();
            }
        }

        /// <summary>What is already under the destination, from one listing per bucket and common prefix.</summary>
        private async Task<Dictionary<string, ObsObject>> ExistingAsync(IReadOnlyList<ObsLocation> targets, CancellationToken cancellationToken)
        {
            var found = new Dictionary<string, ObsObject>(StringComparer.Ordinal);
            foreach (var bucket in targets.GroupBy(t => t.Bucket))
            {
                var keys = bucket.Select(t => t.Key).ToList();
                var prefix = keys.Aggregate((a, b) => CommonPrefix(a, b));
                await foreach (var item in _client.ListAsync(bucket.Key, prefix, true, cancellationToken).ConfigureAwait(false))
                {
                    found[bucket.Key + "/" + item.Key] = item;
                }
            }

            return found;
        }

        private static string CommonPrefix(string a, string b)
        {
            var length = 0;
            while (length < a.Length && length < b.Length && a[length] == b[length])
            {
                length++;
            }

            return a.Substring(0, length);
        }

        private async Task<ObsTransferResult> UploadOneAsync(string localPath, ObsLocation remote, Dictionary<string, ObsObject>? existing, CancellationToken cancellationToken)
        {
            var size = new FileInfo(localPath).Length;
            if (existing != null && existing.TryGetValue(remote.Bucket + "/" + remote.Key, out var current)
                && await ObsETag.MatchesAsync(localPath, current.Size, current.ETag, _options.PartSize, cancellationToken).ConfigureAwait(false))
            {
                Diagnostics.Verbose("Unchanged, not sent: " + localPath + " = " + remote + ".");
                Progress.AddBytes(size);
                return new ObsTransferResult(localPath, remote, current, true, null);
            }

            string? eTag;
            if (size <= _options.PartSize)
            {
                eTag = await WithSlotAsync(
                    () => WithBufferAsync(
                        localPath,
                        0,
                        (int)size,
                        _options.VerifyMd5,
                        (body, md5) => _client.PutObjectAsync(remote.Bucket, remote.Key, body, md5, cancellationToken),
                        cancellationToken),
                    cancellationToken).ConfigureAwait(false);
                Progress.AddBytes(size);
            }
            else
            {
                eTag = await UploadPartsAsync(localPath, size, remote, cancellationToken).ConfigureAwait(false);
            }

            Diagnostics.Verbose("Uploaded " + localPath + " to " + remote + " (" + size + " bytes).");
            return new ObsTransferResult(localPath, remote, new ObsObject(remote.Bucket, remote.Key, size, DateTimeOffset.UtcNow, eTag, null, false), false, null);
        }

        private async Task<string?> UploadPartsAsync(string localPath, long size, ObsLocation remote, CancellationToken cancellationToken)
        {
            var count = PartCount(size);
            string? uploadId = null;
            IReadOnlyDictionary<int, (long Size, string ETag)> held = new Dictionary<int, (long, string)>();
            if (_options.Resume)
            {
                uploadId = await WithSlotAsync(() => _client.FindMultipartUploadAsync(remote.Bucket, remote.Key, cancellationToken), cancellationToken).ConfigureAwait(false);
                if (uploadId != null)
                {
                    held = await WithSlotAsync(() => _client.ListPartsAsync(remote.Bucket, remote.Key, uploadId, cancellationToken), cancellationToken).ConfigureAwait(false);
                    Diagnostics.Verbose("Resuming the upload of " + remote + ": OBS holds " + held.Count + " of " + count + " parts.");
                }
            }

            uploadId ??= await WithSlotAsync(() => _client.InitiateMultipartUploadAsync(remote.Bucket, remote.Key, cancellationToken), cancellationToken).ConfigureAwait(false);
            using (var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                try
                {
                    var parts = Enumerable.Range(1, count).Select(number => UploadPartAsync(localPath, size, remote, uploadId, number, held, failed)).ToList();
                    var eTags = await Task.WhenAll(parts).ConfigureAwait(false);
                    return await WithSlotAsync(() => CompleteAsync(remote, size, uploadId, eTags, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ModelArtsException || e is OperationCanceledException || e is IOException)
                {
                    if (_options.Resume)
                    {
                        Diagnostics.Verbose("The upload of " + remote + " stopped; its parts are kept for -Resume (upload id " + uploadId + ").");
                    }
                    else
                    {
                        await AbortQuietlyAsync(remote, uploadId).ConfigureAwait(false);
                    }

                    throw;
                }
            }
        }

        /// <summary>
        /// Completes the upload. A completion whose answer was lost is sent again, and by then OBS has made the object and
        /// forgotten the upload (404 NoSuchUpload): the object counts as written only when it carries exactly the ETag these
        /// parts make, so an upload that really is gone (aborted, or replaced by another writer) still fails.
        /// </summary>
        internal async Task<string?> CompleteAsync(ObsLocation remote, long size, string uploadId, IReadOnlyList<string> eTags, CancellationToken cancellationToken)
        {
            try
            {
                return await _client.CompleteMultipartUploadAsync(remote.Bucket, remote.Key, uploadId, eTags, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelArtsException e) when (e.ErrorCode == "NoSuchUpload")
            {
                var expected = ObsETag.OfParts(eTags);
                var written = expected == null ? null : await FindAsync(remote, cancellationToken).ConfigureAwait(false);
                if (written == null || written.Size != size || !string.Equals(written.ETag, expected, StringComparison.OrdinalIgnoreCase))
                {
                    throw;
                }

                Diagnostics.Verbose("OBS no longer knows the upload " + uploadId + " of " + remote + ", and the object there is the one its parts make (ETag " + expected + "): an earlier completion whose answer was lost did it.");
                return written.ETag;
            }
        }

        private async Task<string> UploadPartAsync(
            string localPath, long size, ObsLocation remote, string uploadId, int number, IReadOnlyDictionary<int, (long Size, string ETag)> held, CancellationTokenSource failed)
        {
            var offset = PartOffset(number - 1);
            var length = (int)PartLength(size, number - 1);
            try
            {
                var eTag = await WithSlotAsync(
                    () => WithBufferAsync(
                        localPath,
                        offset,
                        length,
                        _options.VerifyMd5 || held.ContainsKey(number),
                        async (body, md5) =>
                        {
                            // A part OBS holds counts only when it is these bytes; only then is its MD5 needed without -VerifyMd5.
                            if (held.TryGetValue(number, out var part) && part.Size == length && string.Equals(part.ETag, ObsETag.Hex(md5!), StringComparison.OrdinalIgnoreCase))
                            {
                                return part.ETag;
                            }

                            return await _client.UploadPartAsync(remote.Bucket, remote.Key, uploadId, number, body, _options.VerifyMd5 ? md5 : null, failed.Token).ConfigureAwait(false);
                        },
                        failed.Token),
                    failed.Token).ConfigureAwait(false);
                Progress.AddBytes(length);
                return eTag;
            }
            catch
            {
                // One part that failed after its retries fails the file: the others stop rather than send in vain.
                failed.Cancel();
                throw;
            }
        }

        /// <summary>So that no orphan parts cost money; bounded, and not cancelled by the Ctrl+C that caused it.</summary>
        private async Task AbortQuietlyAsync(ObsLocation remote, string uploadId)
        {
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                try
                {
                    await _client.AbortMultipartUploadAsync(remote.Bucket, remote.Key, uploadId, bound.Token).ConfigureAwait(false);
                    Diagnostics.Verbose("Aborted the unfinished upload of " + remote + ".");
                }
                catch (Exception e) when (e is ModelArtsException || e is OperationCanceledException)
                {
                    Diagnostics.Verbose("Could not abort the upload " + uploadId + " of " + remote + ": " + e.Message);
                }
            }
        }

        private async Task<ObsTransferResult> DownloadOneAsync(ObsObject remote, string localPath, CancellationToken cancellationToken)
        {
            var location = new ObsLocation(remote.Bucket, remote.Key);
            if (File.Exists(localPath))
            {
                if (_options.SkipUnchanged && await ObsETag.MatchesAsync(localPath, remote.Size, remote.ETag, _options.PartSize, cancellationToken).ConfigureAwait(false))
                {
                    Diagnostics.Verbose("Unchanged, not downloaded: " + remote + " = " + localPath + ".");
                    Progress.AddBytes(remote.Size);
                    return new ObsTransferResult(localPath, location, null, true, null);
                }

                if (!_options.Force)
                {
                    throw new ModelArtsValidationException(ValidationErrorIds.LocalDestinationExists, "'" + localPath + "' exists; add -Force to overwrite it.", "Destination", localPath);
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(localPath)!);
            var temporary = localPath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + PartialSuffix;
            try
            {
                // Shared for writing: the parts of a large object write through handles of their own.
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Write, 1, useAsync: true))
                using (var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    file.SetLength(remote.Size);
                    var count = Math.Max(1, PartCount(remote.Size));
                    if (count == 1)
                    {
                        var md5 = await DownloadPartAsync(remote, 0, () => ObsRangeWriter.Whole(file, remote.Size, remote.ToString()), failed).ConfigureAwait(false);
                        if (remote.ETag != null && !ObsETag.IsMultipart(remote.ETag) && !string.Equals(md5, remote.ETag, StringComparison.OrdinalIgnoreCase))
                        {
                            throw new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "The download of " + remote + " does not match its ETag " + remote.ETag + "; nothing was written.");
                        }
                    }
                    else
                    {
                        await Task.WhenAll(Enumerable.Range(0, count).Select(i => DownloadPartAsync(
                            remote, i, () => ObsRangeWriter.Open(temporary, PartOffset(i), PartLength(remote.Size, i), remote.ToString()), failed))).ConfigureAwait(false);
                    }
                }

                if (File.Exists(localPath))
                {
                    File.Delete(localPath);
                }

                File.Move(temporary, localPath);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }

            Diagnostics.Verbose("Downloaded " + remote + " to " + localPath + " (" + remote.Size + " bytes).");
            return new ObsTransferResult(localPath, location, null, false, null);
        }

        /// <summary>Writes one range through a fresh writer per attempt, and checks that all of it came.</summary>
        /// <returns>The MD5 hex of what was written, for a hashed writer; otherwise null.</returns>
        private async Task<string?> DownloadPartAsync(ObsObject remote, int index, Func<ObsRangeWriter> open, CancellationTokenSource failed)
        {
            var offset = PartOffset(index);
            var length = PartLength(remote.Size, index);
            ObsRangeWriter? last = null;
            try
            {
                await WithSlotAsync(
                    async () =>
                    {
                        await _client.GetRangeAsync(remote.Bucket, remote.Key, offset, length, () => last = open(), failed.Token).ConfigureAwait(false);
                        return true;
                    },
                    failed.Token).ConfigureAwait(false);
                if ((last?.Written ?? 0) != length)
                {
                    throw new ModelArtsException(
                        ModelArtsErrorKind.InvalidResponse,
                        "OBS sent " + (last?.Written ?? 0) + " bytes of " + remote + " where " + length + " were asked for; the object changed during the download.");
                }

                Progress.AddBytes(length);
                return last?.Md5Hex;
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        }

        private int PartCount(long size) => (int)((size + _options.PartSize - 1) / _options.PartSize);

        private long PartOffset(int index) => (long)index * _options.PartSize;

        private long PartLength(long size, int index) => Math.Min(_options.PartSize, size - PartOffset(index));

        private async Task<T> WithSlotAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call().ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }

        /// <summary>
        /// Reads [offset, offset + count) of a file into a buffer of the pool and lends it to <paramref name="send"/>, with
        /// its MD5 when <paramref name="hash"/> (each chunk hashed right after it is read, while it is fresh in the cache:
        /// the one pass over the data before it is sent), otherwise null.
        /// </summary>
        private async Task<T> WithBufferAsync<T>(string path, long offset, int count, bool hash, Func<ArraySegment<byte>, byte[]?, Task<T>> send, CancellationToken cancellationToken)
        {
            var buffer = _buffers.Rent(count);
            try
            {
                byte[]? md5 = null;
                using (var hasher = hash ? ObsETag.NewMd5() : null)
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true))
                {
                    file.Position = offset;
                    var done = 0;
                    while (done < count)
                    {
                        var read = await file.ReadAsync(buffer, done, Math.Min(ReadChunk, count - done), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            throw new IOException("'" + path + "' became shorter while it was read.");
                        }

                        hasher?.TransformBlock(buffer, done, read, null, 0);
                        done += read;
                    }

                    if (hasher != null)
                    {
                        hasher.TransformFinalBlock(buffer, 0, 0);
                        md5 = hasher.Hash!;
                    }
                }

                return await send(new ArraySegment<byte>(buffer, 0, count), md5).ConfigureAwait(false);
            }
            finally
            {
                _buffers.Return(buffer);
            }
        }
    }
}
