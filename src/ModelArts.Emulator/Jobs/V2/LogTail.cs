using System;
using System.IO;
using System.Text;

namespace ModelArts.Emulator.Jobs.V2
{
    /// <summary>The end of a log as the v2 preview gives it: <c>content</c> is the last complete lines, at most a given size.</summary>
    internal sealed record LogTailPage(string Content, long CurrentSize, long FullSize);

    /// <summary>
    /// Reads the end of a log without loading the file. Only complete lines count, and the window starts at a line,
    /// so <c>full_size</c> grows exactly by what was appended and a follower can take the last Δ bytes of <c>content</c>.
    /// </summary>
    internal static class LogTail
    {
        public static LogTailPage Read(string path, int maxBytes)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            var length = file.Length;
            var windowStart = Math.Max(0, length - maxBytes);
            var window = new byte[length - windowStart];
            file.Position = windowStart;
            file.ReadExactly(window);
            var lastNewline = Array.LastIndexOf(window, (byte)'\n');
            if (lastNewline < 0)
            {
                // The file is empty so far, or ends in one line longer than a preview, which a preview cannot show.
                return new LogTailPage(string.Empty, 0, windowStart);
            }
            var start = windowStart == 0 || PrecededByNewline(file, windowStart) ? 0 : Array.IndexOf(window, (byte)'\n') + 1;
            var end = lastNewline + 1;
            return new LogTailPage(Encoding.UTF8.GetString(window, start, end - start), end - start, windowStart + end);
        }

        private static bool PrecededByNewline(FileStream file, long offset)
        {
            file.Position = offset - 1;
            return file.ReadByte() == '\n';
        }
    }
}
