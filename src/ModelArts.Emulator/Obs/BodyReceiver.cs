using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>The size and MD5 of a body that was streamed to a temp file and passed every check.</summary>
    internal sealed record ReceivedBody(string TempPath, long Size, byte[] Md5)
    {
        public string ETag => Convert.ToHexString(Md5).ToLowerInvariant();
    }

    /// <summary>
    /// Streams an upload body to a temp file beside the buckets — never into memory — checking on the way the declared
    /// length, Content-MD5, a V4 payload hash and, for aws-chunked bodies, every chunk signature. A body that fails any
    /// check (or a client that goes away) leaves nothing behind.
    /// </summary>
    internal static class BodyReceiver
    {
        public const long MaxSingleUpload = 5L * 1024 * 1024 * 1024;
        private const int BufferSize = 1024 * 1024;

        /// <summary>Checks what can be checked before reading: the length and the Content-MD5 syntax.</summary>
        public static (long Length, byte[]? Md5) Precheck(ObsRequest request, ObsCaller caller, long limit = MaxSingleUpload)
        {
            long length;
            if (caller.Chunked != null)
            {
                var decoded = request.Header("x-amz-decoded-content-length");
                if (!long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out length))
                {
                    throw new ObsException(StatusCodes.Status411LengthRequired, "MissingContentLength", "An aws-chunked body needs x-amz-decoded-content-length.");
                }
            }
            else
            {
                length = request.Context.Request.ContentLength
                    ?? throw new ObsException(StatusCodes.Status411LengthRequired, "MissingContentLength", "You must provide the Content-Length HTTP header.");
            }
            if (length > limit)
            {
                throw limit == MaxSingleUpload
                    ? new ObsException(StatusCodes.Status400BadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.",
                        ("ProposedSize", length.ToString(CultureInfo.InvariantCulture)), ("MaxSizeAllowed", limit.ToString(CultureInfo.InvariantCulture)))
                    : new ObsException(StatusCodes.Status400BadRequest, "MaxMessageLengthExceeded", "Your request was too big.",
                        ("MaxMessageLengthBytes", limit.ToString(CultureInfo.InvariantCulture)));
            }
            var md5Header = request.Header("Content-MD5");
            byte[]? md5 = null;
            if (md5Header.Length > 0)
            {
                try
                {
                    md5 = Convert.FromBase64String(md5Header);
                }
                catch (FormatException)
                {
                }
                if (md5 == null || md5.Length != 16)
                {
                    throw new ObsException(StatusCodes.Status400BadRequest, "InvalidDigest", "The Content-MD5 you specified was invalid.");
                }
            }
            return (length, md5);
        }

        /// <summary>Receives an upload into a new temp file, which is gone again if any check fails.</summary>
        public static async Task<ReceivedBody> ReceiveAsync(ObsRequest request, ObsCaller caller, string tempPath)
        {
            try
            {
                await using var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
                var (size, md5) = await CopyAsync(request, caller, file, MaxSingleUpload);
                return new ReceivedBody(tempPath, size, md5);
            }
            catch
            {
                File.Delete(tempPath);
                throw;
            }
        }

        /// <summary>Reads a small XML request body (DeleteObjects, CompleteMultipartUpload, CreateBucket) with the same checks.</summary>
        public static async Task<byte[]> ReadSmallAsync(ObsRequest request, ObsCaller caller, long limit)
        {
            using var buffer = new MemoryStream();
            await CopyAsync(request, caller, buffer, limit);
            return buffer.ToArray();
        }

        private static async Task<(long Size, byte[] Md5)> CopyAsync(ObsRequest request, ObsCaller caller, Stream target, long limit)
        {
            var (length, expectedMd5) = Precheck(request, caller, limit);
            var context = request.Context;
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var sha256 = caller.PayloadSha256 == null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var source = caller.Chunked == null ? context.Request.Body : new AwsChunkedStream(context.Request.Body, caller.Chunked);
            try
            {
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), context.RequestAborted)) > 0)
                {
                    total += read;
                    if (total > length)
                    {
                        throw Incomplete(length, total);
                    }
                    md5.AppendData(buffer, 0, read);
                    sha256?.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                }
                if (total != length)
                {
                    throw Incomplete(length, total);
                }
                var digest = md5.GetHashAndReset();
                if (expectedMd5 != null && !CryptographicOperations.FixedTimeEquals(digest, expectedMd5))
                {
                    throw new ObsException(StatusCodes.Status400BadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.");
                }
                if (sha256 != null && !string.Equals(Convert.ToHexStringLower(sha256.GetHashAndReset()), caller.PayloadSha256, StringComparison.Ordinal))
                {
                    throw new ObsException(StatusCodes.Status400BadRequest, "XAmzContentSHA256Mismatch",
                        "The provided 'x-amz-content-sha256' header does not match what was computed.");
                }
                return (total, digest);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                if (!ReferenceEquals(source, context.Request.Body))
                {
                    await source.DisposeAsync();
                }
            }
        }

        private static ObsException Incomplete(long declared, long received) =>
            new ObsException(StatusCodes.Status400BadRequest, "IncompleteBody",
                $"You did not provide the number of bytes specified by the Content-Length HTTP header ({declared} declared, {received} received).");
    }
}
