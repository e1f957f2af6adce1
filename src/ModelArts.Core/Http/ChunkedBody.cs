using System;
using System.Buffers;
using System.Collections.Generic;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// Where a large answer goes instead of one array (<see cref="ApiRequest.ResponseTarget"/>): chunks of
    /// <see cref="ChunkBytes"/>, each below the 85,000 bytes that put an array on the large-object heap, read back as
    /// one <see cref="ReadOnlySequence{T}"/> (which <see cref="System.Text.Json.Utf8JsonReader"/> reads as it is). An
    /// answer of unknown length buffered whole would instead grow an array by doubling, every step a large array that
    /// only a full collection frees: some three times the answer's size for a 5 MB log preview. The chunks die young.
    /// Disposing (which the sender does once the answer is in) keeps the bytes.
    /// </summary>
    internal sealed class ChunkedBody : ResponseSink
    {
        public const int ChunkBytes = 64 * 1024;

        private readonly List<byte[]> _chunks = new List<byte[]>();
        private int _lastUsed = ChunkBytes;
        private long _length;

        public override long Length => _length;

        /// <summary>The bytes received, in order.</summary>
        public ReadOnlySequence<byte> Sequence
        {
            get
            {
                if (_length == 0)
                {
                    return ReadOnlySequence<byte>.Empty;
                }

                var first = new Segment(new ReadOnlyMemory<byte>(_chunks[0], 0, _chunks.Count == 1 ? _lastUsed : ChunkBytes), 0);
                var last = first;
                for (var i = 1; i < _chunks.Count; i++)
                {
                    last = last.Append(new ReadOnlyMemory<byte>(_chunks[i], 0, i == _chunks.Count - 1 ? _lastUsed : ChunkBytes));
                }

                return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                if (_lastUsed == ChunkBytes)
                {
                    _chunks.Add(new byte[ChunkBytes]);
                    _lastUsed = 0;
                }

                var take = Math.Min(count, ChunkBytes - _lastUsed);
                Buffer.BlockCopy(buffer, offset, _chunks[_chunks.Count - 1], _lastUsed, take);
                _lastUsed += take;
                _length += take;
                offset += take;
                count -= take;
            }
        }

        private sealed class Segment : ReadOnlySequenceSegment<byte>
        {
            public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
            {
                Memory = memory;
                RunningIndex = runningIndex;
            }

            public Segment Append(ReadOnlyMemory<byte> memory)
            {
                var next = new Segment(memory, RunningIndex + Memory.Length);
                Next = next;
                return next;
            }
        }
    }
}
