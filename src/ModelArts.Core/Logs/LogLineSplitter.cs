using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using ModelArts.Core.Http;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// Where a Range answer of a log goes instead of memory (<see cref="Http.ApiRequest.ResponseTarget"/>): it decodes the
    /// whole lines as the bytes arrive and keeps only the unfinished one, in a pooled buffer, so a 1 MiB range costs
    /// its lines and no 1 MiB array. Lines are cut at the byte <c>\n</c>, which no multi-byte UTF-8 sequence contains, and
    /// decoded whole, so a character split between two writes (or two ranges) is decoded once it is complete. A
    /// trailing <c>\r</c> is dropped. The bytes after the last line end taken are left for the next range to read again.
    /// </summary>
    internal sealed class LogLineSplitter : ResponseSink
    {
        /// <summary>
        /// Lines a forward page holds at most: its list and the reader's array of them stay below the 85,000 bytes that
        /// put an array on the large-object heap, which only a full collection frees.
        /// </summary>
        public const int PageLines = 8192;

        private const int FirstCarryBytes = 4096;

        private readonly List<string> _lines = new List<string>();
        private readonly long _limit;
        private readonly int _maxLines;
        private bool _skipping;
        private byte[]? _carry;
        private int _carried;
        private long _received;

        /// <param name="limit">Bytes taken at most; more (a server that ignored Range) are read and dropped.</param>
        /// <param name="skipFirstLine">Drop everything up to the first line end: a range that may start inside a line.</param>
        /// <param name="maxLines">Lines taken at most; the bytes after the last one are dropped.</param>
        public LogLineSplitter(long limit, bool skipFirstLine, int maxLines = int.MaxValue)
        {
            _limit = limit;
            _maxLines = maxLines;
            _skipping = skipFirstLine;
            FirstLineStart = skipFirstLine ? -1 : 0;
        }

        /// <summary>The whole lines taken, oldest first, without their line ends.</summary>
        public List<string> Lines => _lines;

        /// <summary>Bytes taken (at most the limit).</summary>
        public long Received => _received;

        /// <summary>Where the first line taken starts; -1 while skipping found no line end.</summary>
        public long FirstLineStart { get; private set; }

        /// <summary>The offset just after the last line end taken (<see cref="FirstLineStart"/> or 0 when there is none).</summary>
        public long WholeEnd { get; private set; }

        public override long Length => _received;

        public override void Write(byte[] buffer, int offset, int count)
        {
            count = (int)Math.Min(count, _limit - _received);
            if (count <= 0 || _lines.Count >= _maxLines)
            {
                return;
            }

            var start = _received;
            _received += count;
            var from = offset;
            var end = offset + count;
            if (_skipping)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', from, end - from);
                if (newline < 0)
                {
                    return;
                }

                _skipping = false;
                FirstLineStart = WholeEnd = start + (newline + 1 - offset);
                from = newline + 1;
            }

            while (from < end)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', from, end - from);
                if (newline < 0)
                {
                    Carry(buffer, from, end - from);
                    return;
                }

                if (_carried > 0)
                {
                    Carry(buffer, from, newline - from);
                    Add(_carry!, 0, _carried);
                    _carried = 0;
                }
                else
                {
                    Add(buffer, from, newline - from);
                }

                from = newline + 1;
                WholeEnd = start + (from - offset);
                if (_lines.Count >= _maxLines)
                {
                    _carried = 0;
                    return;
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (_carry != null)
            {
                ArrayPool<byte>.Shared.Return(_carry);
                _carry = null;
                _carried = 0;
            }

            base.Dispose(disposing);
        }

        private void Add(byte[] bytes, int from, int length)
        {
            if (length > 0 && bytes[from + length - 1] == '\r')
            {
                length--;
            }

            _lines.Add(Encoding.UTF8.GetString(bytes, from, length));
        }

        /// <summary>Keeps the start of a line that goes on in the next write; the buffer grows (pooled) for a long line.</summary>
        private void Carry(byte[] bytes, int from, int length)
        {
            var needed = _carried + length;
            if (_carry == null || _carry.Length < needed)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(FirstCarryBytes, (_carry?.Length ?? 0) * 2)));
                if (_carry != null)
                {
                    Buffer.BlockCopy(_carry, 0, larger, 0, _carried);
                    ArrayPool<byte>.Shared.Return(_carry);
                }

                _carry = larger;
            }

            Buffer.BlockCopy(bytes, from, _carry, _carried, length);
            _carried = needed;
        }
    }
}
