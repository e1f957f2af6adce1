using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>One page of a log as <c>aom-log</c> returns it.</summary>
    internal sealed record LogPage(string Content, int Lines, string StartLine, string EndLine);

    /// <summary>
    /// Reads log files in pages without loading them whole. A line's position is its byte offset plus a fixed
    /// 10^18, so positions are opaque 19-digit strings that increase with the file and sort as text too.
    /// Only complete lines (ending in '\n') are ever returned, so a line never changes once a client has seen it.
    /// </summary>
    internal static class LogFile
    {
        private const long PositionBase = 1_000_000_000_000_000_000;
        private const int ChunkSize = 64 * 1024;

        public static string Position(long offset) => (PositionBase + offset).ToString(CultureInfo.InvariantCulture);

        public static bool TryParsePosition(string text, out long offset)
        {
            offset = 0;
            if (text.Length != 19 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position < PositionBase)
            {
                return false;
            }
            offset = position - PositionBase;
            return true;
        }

        /// <summary>
        /// Empty <paramref name="baseLine"/>: the last <paramref name="lines"/> lines. Otherwise the lines after the
        /// base position (<paramref name="forward"/>, order=desc) or before it (order=asc), oldest first.
        /// </summary>
        public static LogPage Read(string path, string baseLine, int lines, bool forward)
        {
            var empty = new LogPage(string.Empty, 0, baseLine, baseLine);
            if (lines <= 0 || !File.Exists(path))
            {
                return empty;
            }
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            var end = CompleteEnd(file);
            List<long> starts;
            long to;
            if (baseLine.Length == 0)
            {
                starts = StartsBefore(file, end, lines);
                to = end;
            }
            else
            {
                // A position this service did not hand out reads from the start.
                var offset = Math.Min(TryParsePosition(baseLine, out var position) ? position : 0, end);
                if (forward)
                {
                    starts = StartsFrom(file, NextLineStart(file, offset, end), lines, end, out to);
                }
                else
                {
                    to = IsLineStart(file, offset) ? offset : NextLineStart(file, offset, end);
                    starts = StartsBefore(file, to, lines);
                }
            }
            if (starts.Count == 0)
            {
                return empty;
            }
            var bytes = new byte[to - starts[0]];
            file.Position = starts[0];
            file.ReadExactly(bytes);
            return new LogPage(Encoding.UTF8.GetString(bytes), starts.Count, Position(starts[0]), Position(starts[^1]));
        }

        /// <summary>The offset just past the last '\n': the end of the complete lines.</summary>
        private static long CompleteEnd(FileStream file)
        {
            var found = LastNewlineBefore(file, file.Length);
            return found < 0 ? 0 : found + 1;
        }

        private static bool IsLineStart(FileStream file, long offset)
        {
            if (offset == 0)
            {
                return true;
            }
            file.Position = offset - 1;
            return file.ReadByte() == '\n';
        }

        /// <summary>The start of the line after the one holding <paramref name="offset"/>, at most <paramref name="end"/>.</summary>
        private static long NextLineStart(FileStream file, long offset, long end)
        {
            StartsFrom(file, offset, 1, end, out var to);
            return to;
        }

        /// <summary>Up to <paramref name="lines"/> line starts from <paramref name="from"/> on; <paramref name="to"/> ends the last line.</summary>
        private static List<long> StartsFrom(FileStream file, long from, int lines, long end, out long to)
        {
            var starts = new List<long>();
            to = end;
            if (from >= end)
            {
                return starts;
            }
            starts.Add(from);
            var buffer = new byte[ChunkSize];
            for (var at = from; at < end;)
            {
                file.Position = at;
                var count = file.Read(buffer, 0, (int)Math.Min(ChunkSize, end - at));
                for (var i = 0; i < count; i++)
                {
                    if (buffer[i] != '\n')
                    {
                        continue;
                    }
                    var next = at + i + 1;
                    if (starts.Count == lines || next >= end)
                    {
                        to = next;
                        return starts;
                    }
                    starts.Add(next);
                }
                at += count;
            }
            return starts;
        }

        /// <summary>The last <paramref name="lines"/> line starts before <paramref name="end"/> (itself a line start), in file order.</summary>
        private static List<long> StartsBefore(FileStream file, long end, int lines)
        {
            var starts = new List<long>();
            if (end <= 0)
            {
                return starts;
            }
            var buffer = new byte[ChunkSize];
            // end - 1 holds the '\n' closing the last line; every '\n' before it starts another line.
            for (var chunkEnd = end - 1; chunkEnd > 0 && starts.Count < lines;)
            {
                var chunkStart = Math.Max(0, chunkEnd - ChunkSize);
                var count = (int)(chunkEnd - chunkStart);
                file.Position = chunkStart;
                file.ReadExactly(buffer, 0, count);
                for (var i = count - 1; i >= 0 && starts.Count < lines; i--)
                {
                    if (buffer[i] == '\n')
                    {
                        starts.Add(chunkStart + i + 1);
                    }
                }
                chunkEnd = chunkStart;
            }
            if (starts.Count < lines)
            {
                starts.Add(0);
            }
            starts.Reverse();
            return starts;
        }

        /// <summary>The offset of the last '\n' before <paramref name="end"/>, or -1.</summary>
        private static long LastNewlineBefore(FileStream file, long end)
        {
            var buffer = new byte[ChunkSize];
            for (var chunkEnd = end; chunkEnd > 0; chunkEnd -= ChunkSize)
            {
                var chunkStart = Math.Max(0, chunkEnd - ChunkSize);
                var count = (int)(chunkEnd - chunkStart);
                file.Position = chunkStart;
                file.ReadExactly(buffer, 0, count);
                var index = Array.LastIndexOf(buffer, (byte)'\n', count - 1, count);
                if (index >= 0)
                {
                    return chunkStart + index;
                }
            }
            return -1;
        }
    }
}
