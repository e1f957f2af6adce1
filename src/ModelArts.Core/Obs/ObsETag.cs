using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArts.Core.Obs
{
    /// <summary>
    /// A local file's ETag as OBS would give it: the MD5 hex of a single upload, or md5(concatenated part MD5s)-N of a
    /// multipart one of the same part size (the only way to compare a file with a multipart object without its bytes).
    /// </summary>
    internal static class ObsETag
    {
        /// <summary>MD5 is what OBS's ETags and Content-MD5 are made of; it checks integrity here, not secrets.</summary>
#pragma warning disable CA5351
        public static MD5 NewMd5() => MD5.Create();
#pragma warning restore CA5351

        public static bool IsMultipart(string eTag) => eTag.IndexOf('-') >= 0;

        public static string Hex(byte[] hash) => BitConverter.ToString(hash).Replace("-", string.Empty).ToLowerInvariant();

        /// <summary>
        /// The ETag OBS gives the object that completing these parts (their ETags, in order) makes: md5 of the parts'
        /// binary MD5s, "-", their count. Null when a part's ETag is not an MD5 (then nothing can be told from it).
        /// </summary>
        public static string? OfParts(IReadOnlyList<string> partETags)
        {
            var binary = new byte[partETags.Count * 16];
            for (var i = 0; i < partETags.Count; i++)
            {
                if (!TryParseMd5(partETags[i], binary, i * 16))
                {
                    return null;
                }
            }

            using (var md5 = NewMd5())
            {
                return Multipart(md5.ComputeHash(binary), partETags.Count);
            }
        }

        /// <summary>True when the local file is the object: same size, and the same MD5 (or multipart ETag of this part size).</summary>
        public static async Task<bool> MatchesAsync(string path, long size, string? eTag, int partSize, CancellationToken cancellationToken)
        {
            if (eTag == null || new FileInfo(path).Length != size)
            {
                return false;
            }

            var local = await ComputeAsync(path, IsMultipart(eTag) ? partSize : (int?)null, cancellationToken).ConfigureAwait(false);
            return string.Equals(local, eTag, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>One pass with only the hash the ETag is made of: the whole file's, or each part's.</summary>
        private static async Task<string> ComputeAsync(string path, int? partSize, CancellationToken cancellationToken)
        {
            var buffer = new byte[1024 * 1024];
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true))
            using (var hash = NewMd5())
            using (var parts = partSize.HasValue ? NewMd5() : null)
            {
                long inPart = 0;
                var count = 0;
                int read;
                while ((read = await file.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    var offset = 0;
                    while (offset < read)
                    {
                        var take = partSize.HasValue ? (int)Math.Min(read - offset, partSize.Value - inPart) : read - offset;
                        hash.TransformBlock(buffer, offset, take, null, 0);
                        inPart += take;
                        offset += take;
                        if (parts != null && inPart == partSize!.Value)
                        {
                            FinishPart(hash, parts);
                            count++;
                            inPart = 0;
                        }
                    }
                }

                if (parts == null)
                {
                    hash.TransformFinalBlock(buffer, 0, 0);
                    return Hex(hash.Hash!);
                }

                if (inPart > 0)
                {
                    FinishPart(hash, parts);
                    count++;
                }

                parts.TransformFinalBlock(buffer, 0, 0);
                return Multipart(parts.Hash!, count);
            }
        }

        private static string Multipart(byte[] partsHash, int count) => Hex(partsHash) + "-" + count.ToString(CultureInfo.InvariantCulture);

        private static bool TryParseMd5(string hex, byte[] target, int offset)
        {
            hex = hex.Trim('"');
            if (hex.Length != 32)
            {
                return false;
            }

            for (var i = 0; i < 16; i++)
            {
                if (!byte.TryParse(hex.Substring(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out target[offset + i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static void FinishPart(MD5 part, MD5 parts)
        {
            part.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            var hash = part.Hash!;
            parts.TransformBlock(hash, 0, hash.Length, null, 0);
            part.Initialize();
        }
    }
}
