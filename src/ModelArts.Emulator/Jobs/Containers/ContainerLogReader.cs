using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Jobs.Containers
{
    /// <summary>
    /// A container's output as the engine's monitor (conmon) recorded it in a <c>k8s-file</c> log, followed while the
    /// container runs and read to its end once the <c>run</c> client has exited. That file, not the client's attached
    /// pipes, is the complete record: the attach stream can drop what a container printed just before it exited.
    /// Every entry is <c>timestamp stream F|P text</c>; F ends a line, P is a piece of a longer one. The reader hands
    /// on whole lines only, each stream's in its order, so a piece on standard output is never joined to a line of
    /// standard error.
    /// </summary>
    internal sealed class ContainerLogReader : TextReader
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

        private readonly string _path;
        private readonly Task _clientExited;
        private readonly Dictionary<string, (Decoder Decoder, StringBuilder Line)> _streams = new Dictionary<string, (Decoder, StringBuilder)>(StringComparer.Ordinal);
        private readonly List<byte> _entry = new List<byte>();
        private readonly byte[] _bytes = new byte[8192];
        private FileStream? _stream;
        private int _byteCount;
        private int _byteOffset;
        private string _text = "";
        private int _textOffset;
        private bool _ended;

        /// <param name="path">The file given to the engine as <c>--log-opt path=</c>; it appears once the container is created.</param>
        /// <param name="clientExited">Completes when the <c>run</c> client has exited, after the monitor wrote the last entry.</param>
        public ContainerLogReader(string path, Task clientExited)
        {
            _path = path;
            _clientExited = clientExited;
        }

        public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            while (_textOffset >= _text.Length)
            {
                if (await NextLineAsync() is not string text)
                {
                    return 0;
                }
                _text = text;
                _textOffset = 0;
            }
            var count = Math.Min(buffer.Length, _text.Length - _textOffset);
            _text.AsMemory(_textOffset, count).CopyTo(buffer);
            _textOffset += count;
            return count;
        }

        /// <summary>The next whole line ending in '\n', or null at the end of the log.</summary>
        private async Task<string?> NextLineAsync()
        {
            while (true)
            {
                if (TakeLine() is string text)
                {
                    return text;
                }
                // Looked at before reading, so whatever the monitor wrote before the client exited is read below.
                var last = _clientExited.IsCompleted;
                if (!Fill())
                {
                    if (last)
                    {
                        return _ended ? null : Rest();
                    }
                    await Task.WhenAny(_clientExited, Task.Delay(Poll));
                }
            }
        }

        /// <summary>Reads more of the file; false when nothing new was there (or the file does not exist yet).</summary>
        private bool Fill()
        {
            if (_stream == null)
            {
                if (!File.Exists(_path))
                {
                    return false;
                }
                _stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            _byteCount = _stream.Read(_bytes, 0, _bytes.Length);
            _byteOffset = 0;
            return _byteCount > 0;
        }

        /// <summary>Completes entries from what was read until one completes a line; an entry not fully written yet waits for more.</summary>
        private string? TakeLine()
        {
            while (_byteOffset < _byteCount)
            {
                var b = _bytes[_byteOffset++];
                if (b != (byte)'\n')
                {
                    _entry.Add(b);
                    continue;
                }
                var entry = _entry.ToArray();
                _entry.Clear();
                if (Add(entry) is string line)
                {
                    return line;
                }
            }
            return null;
        }

        /// <summary>
        /// Adds one entry to the line of its stream (a piece continues the last piece of the same stream, which the
        /// other stream may have interrupted); returns that line once an F entry ends it, or once it is as long as
        /// a log line may be.
        /// </summary>
        private string? Add(byte[] entry)
        {
            // timestamp SP stream SP tag SP text; an empty line may end at its tag.
            var first = Array.IndexOf(entry, (byte)' ');
            var second = first < 0 ? -1 : Array.IndexOf(entry, (byte)' ', first + 1);
            if (second < 0 || second + 1 >= entry.Length)
            {
                return null;
            }
            var name = Encoding.ASCII.GetString(entry, first + 1, second - first - 1);
            var full = entry[second + 1] == (byte)'F';
            var start = Math.Min(entry.Length, second + 3);
            if (!_streams.TryGetValue(name, out var stream))
            {
                stream = (new UTF8Encoding(false).GetDecoder(), new StringBuilder());
                _streams[name] = stream;
            }
            var chars = new char[stream.Decoder.GetCharCount(entry, start, entry.Length - start, flush: full)];
            stream.Decoder.GetChars(entry, start, entry.Length - start, chars, 0, flush: full);
            stream.Line.Append(chars);
            if (!full && stream.Line.Length < LogWriter.MaxLineChars)
            {
                return null;
            }
            var line = stream.Line.Append('\n').ToString();
            stream.Line.Clear();
            return line;
        }

        /// <summary>What the container printed last without ending its line, a line for each stream.</summary>
        private string Rest()
        {
            _ended = true;
            var rest = new StringBuilder();
            foreach (var (decoder, line) in _streams.Values)
            {
                var chars = new char[decoder.GetCharCount(Array.Empty<byte>(), 0, 0, flush: true)];
                decoder.GetChars(Array.Empty<byte>(), 0, 0, chars, 0, flush: true);
                line.Append(chars);
                if (line.Length > 0)
                {
                    rest.Append(line).Append('\n');
                }
            }
            return rest.ToString();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stream?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
