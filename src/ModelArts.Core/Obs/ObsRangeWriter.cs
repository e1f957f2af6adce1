using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;

namespace ModelArts.Core.Obs
{
    /// <summary>
    /// Where one attempt of a ranged GET goes: the bytes [offset, offset + length) of the download's temporary file,
    /// written as they arrive, never past the range (an answer larger than asked for is refused before it lands), with
    /// the MD5 of what was written when it is to be checked against a single-part ETag.
    /// </summary>
    internal sealed class ObsRangeWriter : ResponseSink
    {
        private readonly FileStream _file;
        private readonly bool _ownsFile;
        private readonly long _length;
        private readonly string _what;
        private readonly MD5? _md5;
        private long _written;

        private ObsRangeWriter(FileStream file, bool ownsFile, long offset, long length, bool hash, string what)
        {
            _file = file;
            _ownsFile = ownsFile;
            _length = length;
            _what = what;
            _md5 = hash ? ObsETag.NewMd5() : null;
            _file.Position = offset;
        }

        public long Written => _written;

        public override long Length => _written;

        /// <summary>A range of its own handle on the file, so parts in flight write side by side without a lock.</summary>
        public static ObsRangeWriter Open(string path, long offset, long length, string what) =>
            new ObsRangeWriter(new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Write, 1, useAsync: true), true, offset, length, false, what);

        /// <summary>The whole of a file already open (a single-part download), hashed on the way.</summary>
        public static ObsRangeWriter Whole(FileStream file, long length, string what) => new ObsRangeWriter(file, false, 0, length, true, what);

        /// <summary>The MD5 hex of what was written, once the writer is closed (the sender closes it); null when not hashed.</summary>
        public string? Md5Hex { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Take(buffer, offset, count);
            _file.Write(buffer, offset, count);
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Take(buffer, offset, count);
            await _file.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        }

        public override void Flush() => _file.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                if (_md5 != null && Md5Hex == null)
                {
                    _md5.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                    Md5Hex = ObsETag.Hex(_md5.Hash!);
                    _md5.Dispose();
                }

                if (_ownsFile)
                {
                    _file.Dispose();
                }
            }

            base.Dispose(disposing);
        }

        private void Take(byte[] buffer, int offset, int count)
        {
            if (_written + count > _length)
            {
                throw new ModelArtsException(
                    ModelArtsErrorKind.InvalidResponse,
                    "OBS sent more than the " + _length + " bytes of " + _what + " that were asked for; the object changed during the download.");
            }

            _md5?.TransformBlock(buffer, offset, count, null, 0);
            _written += count;
        }
    }
}
