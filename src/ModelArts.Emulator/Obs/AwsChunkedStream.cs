using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Obs
{
    /// <summary>
    /// Decodes an <c>aws-chunked</c> body (<c>hex-size;chunk-signature=…\r\n data \r\n</c> … a zero chunk, then optional
    /// trailer lines), checking every chunk's signature against the chain seeded by the request's, so that only the
    /// payload is stored, never its framing.
    /// </summary>
    internal sealed class AwsChunkedStream : Stream
    {
        private const int MaxLine = 4096;

        private readonly Stream _inner;
        private readonly ChunkSigning _signing;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly IncrementalHash _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private int _position;
        private int _length;
        private long _chunkLeft;
        private string? _chunkSignature;
        private string _previousSignature;
        private bool _done;
        private bool _zeroChunk;

        public AwsChunkedStream(Stream inner, ChunkSigning signing)
        {
            _inner = inner;
            _signing = signing;
            _previousSignature = signing.SeedSignature;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            while (!_done && _chunkLeft == 0)
            {
                await StartChunkAsync(cancellationToken);
            }
            if (_done || destination.Length == 0)
            {
                return 0;
            }
            if (_position == _length && !await FillAsync(cancellationToken))
            {
                throw Incomplete("the body ended inside a chunk");
            }
            var count = (int)Math.Min(Math.Min(_chunkLeft, destination.Length), _length - _position);
            _buffer.AsMemory(_position, count).CopyTo(destination);
            _chunkHash.AppendData(_buffer, _position, count);
            _position += count;
            _chunkLeft -= count;
            if (_chunkLeft == 0)
            {
                await EndChunkAsync(cancellationToken);
            }
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _chunkHash.Dispose();
            }
            base.Dispose(disposing);
        }

        private async Task StartChunkAsync(CancellationToken cancellationToken)
        {
            var header = await ReadLineAsync(cancellationToken) ?? throw Incomplete("the body ended before its last chunk");
            var semicolon = header.IndexOf(';');
            var sizeText = semicolon < 0 ? header : header.Substring(0, semicolon);
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw Incomplete($"'{Printable(header)}' is not a chunk header");
            }
            _chunkSignature = null;
            if (semicolon >= 0)
            {
                const string name = "chunk-signature=";
                var extension = header.Substring(semicolon + 1);
                if (!extension.StartsWith(name, StringComparison.Ordinal))
                {
                    throw Incomplete("a chunk extension other than chunk-signature");
                }
                _chunkSignature = extension.Substring(name.Length);
            }
            if (_signing.SigningKey != null && _chunkSignature == null)
            {
                throw Incomplete("a chunk without its chunk-signature");
            }
            _chunkLeft = size;
            _zeroChunk = size == 0;
            if (size == 0)
            {
                await EndChunkAsync(cancellationToken);
            }
        }

        private async Task EndChunkAsync(CancellationToken cancellationToken)
        {
            var hash = _chunkHash.GetHashAndReset();
            if (_signing.SigningKey != null)
            {
                var expected = SignatureV4.Sign(_signing.SigningKey, SignatureV4.ChunkStringToSign(_signing.AmzDate, _signing.Scope, _previousSignature, hash));
                if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(_chunkSignature!)))
                {
                    throw ObsException.SignatureDoesNotMatch("chunk signature");
                }
                _previousSignature = expected;
            }
            if (!_zeroChunk)
            {
                if (await ReadLineAsync(cancellationToken) != "")
                {
                    throw Incomplete("a chunk is longer than its size");
                }
                return;
            }
            _done = true;
            await ReadTrailerAsync(cancellationToken);
        }

        private async Task ReadTrailerAsync(CancellationToken cancellationToken)
        {
            var lines = new List<string>();
            string? signature = null;
            while (true)
            {
                var line = await ReadLineAsync(cancellationToken) ?? throw Incomplete("the last chunk is not terminated");
                if (line.Length == 0)
                {
                    break;
                }
                if (line.StartsWith("x-amz-trailer-signature:", StringComparison.Ordinal))
                {
                    signature = line.Substring("x-amz-trailer-signature:".Length).Trim();
                }
                else
                {
                    lines.Add(line);
                }
            }
            if (_signing.Trailer && _signing.SigningKey != null)
            {
                var canonical = string.Concat(lines.ConvertAll(l => l.Trim() + "\n"));
                var expected = SignatureV4.Sign(_signing.SigningKey, SignatureV4.TrailerStringToSign(_signing.AmzDate, _signing.Scope, _previousSignature, canonical));
                if (signature == null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
                {
                    throw ObsException.SignatureDoesNotMatch("trailer signature");
                }
            }
        }

        private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new StringBuilder();
            while (true)
            {
                if (_position == _length && !await FillAsync(cancellationToken))
                {
                    return line.Length == 0 ? null : throw Incomplete("the body ended inside a chunk header");
                }
                var b = _buffer[_position++];
                if (b == '\n' && line.Length > 0 && line[^1] == '\r')
                {
                    return line.ToString(0, line.Length - 1);
                }
                if (line.Length >= MaxLine)
                {
                    throw Incomplete("a chunk header is too long");
                }
                line.Append((char)b);
            }
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _position = 0;
            _length = await _inner.ReadAsync(_buffer, cancellationToken);
            return _length > 0;
        }

        private static ObsException Incomplete(string detail) =>
            new ObsException(Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest, "IncompleteBody", "The aws-chunked body is malformed: " + detail + ".");

        private static string Printable(string text) => text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "…") : text;
    }
}
