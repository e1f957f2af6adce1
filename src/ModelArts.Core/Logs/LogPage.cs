using System;
using System.Collections.Generic;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// Lines of one log as a source read them, oldest first, between two positions (opaque strings, only passed back),
    /// and whether more lines lie beyond in the direction of the read.
    /// </summary>
    internal sealed class LogPage
    {
        public static readonly IReadOnlyList<string> NoLines = Array.Empty<string>();

        public LogPage(IReadOnlyList<string> lines, string startLine, string endLine, bool more)
        {
            Lines = lines;
            StartLine = startLine;
            EndLine = endLine;
            More = more;
        }

        public IReadOnlyList<string> Lines { get; }

        public string StartLine { get; }

        public string EndLine { get; }

        public bool More { get; }

        /// <summary>An aom-log answer (contract §5, v1 and the v2 line-paged log): a short page is the last one that way.</summary>
        public static LogPage OfAomPage(string? startLine, string? endLine, int lines, string? content, int requested) =>
            new LogPage(Split(content ?? string.Empty), startLine ?? string.Empty, endLine ?? string.Empty, lines >= requested);

        /// <summary>Nothing (yet) on either side of <paramref name="position"/>.</summary>
        public static LogPage Empty(string? position) => new LogPage(NoLines, position ?? string.Empty, position ?? string.Empty, false);

        /// <summary>The lines of a text, without their line ends; an unterminated last line counts.</summary>
        public static string[] Split(string content)
        {
            if (content.Length == 0)
            {
                return Array.Empty<string>();
            }

            var lines = content.Split('\n');
            var count = content.EndsWith("\n", StringComparison.Ordinal) ? lines.Length - 1 : lines.Length;
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = lines[i].TrimEnd('\r');
            }

            return result;
        }
    }
}
