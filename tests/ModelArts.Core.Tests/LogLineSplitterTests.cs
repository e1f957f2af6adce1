using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelArts.Core.Logs;

namespace ModelArts.Core.Tests
{
    // A Range answer is decoded as it arrives, in whatever pieces the connection delivers: a line, a CRLF or a
    // multi-byte character cut between two pieces must come out whole, once, and an unfinished last line not at all.
    public class LogLineSplitterTests
    {
        private static readonly string[] Texts = { "plain ascii", "žluťoučký kůň", "", "emoji 🐎 and € sign", "crlf ends here", "last whole" };

        /// <summary>The texts as a log: every other line ends in CRLF, and an unfinished line follows.</summary>
        private static byte[] Log(out int wholeEnd)
        {
            var text = new StringBuilder();
            for (var i = 0; i < Texts.Length; i++)
            {
                text.Append(Texts[i]).Append(i % 2 == 0 ? "\r\n" : "\n");
            }

            wholeEnd = Encoding.UTF8.GetByteCount(text.ToString());
            text.Append("unfinished ž");
            return Encoding.UTF8.GetBytes(text.ToString());
        }

        private static async Task<LogLineSplitter> SplitAsync(byte[] bytes, int piece, long limit, bool skipFirstLine = false, int maxLines = int.MaxValue)
        {
            using var splitter = new LogLineSplitter(limit, skipFirstLine, maxLines);
            for (var from = 0; from < bytes.Length; from += piece)
            {
                await splitter.WriteAsync(bytes, from, Math.Min(piece, bytes.Length - from));
            }

            return splitter;
        }

        [Fact]
        public async Task EveryCutGivesTheSameWholeLines()
        {
            var log = Log(out var wholeEnd);
            for (var piece = 1; piece <= log.Length; piece++)
            {
                var lines = await SplitAsync(log, piece, log.Length);

                Assert.Equal(Texts, lines.Lines);
                Assert.Equal(wholeEnd, lines.WholeEnd);
                Assert.Equal(log.Length, lines.Received);
            }
        }

        [Fact]
        public async Task ARangeThatStartsInsideALineSkipsIt()
        {
            var log = Log(out var wholeEnd);
            var start = 3;
            var middle = log.Skip(start).ToArray();
            var firstLineEnd = Encoding.UTF8.GetByteCount(Texts[0] + "\r\n") - start;

            foreach (var piece in new[] { 1, 2, 5, middle.Length })
            {
                var lines = await SplitAsync(middle, piece, middle.Length, skipFirstLine: true);

                Assert.Equal(Texts.Skip(1), lines.Lines);
                Assert.Equal(firstLineEnd, lines.FirstLineStart);
                Assert.Equal(wholeEnd - start, lines.WholeEnd);
            }

            var none = await SplitAsync(Encoding.UTF8.GetBytes("no line end"), 4, 100, skipFirstLine: true);
            Assert.Empty(none.Lines);
            Assert.Equal(-1, none.FirstLineStart);
        }

        [Fact]
        public async Task TheLimitAndTheLineCapEndAPageAtALineEnd()
        {
            var log = Log(out _);
            var twoLines = Encoding.UTF8.GetByteCount(Texts[0] + "\r\n" + Texts[1] + "\n");

            // A server that ignored Range sends more than asked for: what lies beyond the range is not taken.
            var limited = await SplitAsync(log, 7, twoLines + 1);
            var capped = await SplitAsync(log, 7, log.Length, maxLines: 2);

            Assert.Equal(Texts.Take(2), limited.Lines);
            Assert.Equal(twoLines, limited.WholeEnd);
            Assert.Equal(twoLines + 1, limited.Received);
            Assert.Equal(Texts.Take(2), capped.Lines);
            Assert.Equal(twoLines, capped.WholeEnd);
        }

        [Fact]
        public async Task ALineLongerThanThePooledBufferComesWhole()
        {
            var longLine = string.Concat(Enumerable.Repeat("é🐎", 20_000));
            var bytes = Encoding.UTF8.GetBytes("a\n" + longLine + "\r\nb\n");

            var lines = await SplitAsync(bytes, 1000, bytes.Length);

            Assert.Equal(new List<string> { "a", longLine, "b" }, lines.Lines);
        }
    }
}
