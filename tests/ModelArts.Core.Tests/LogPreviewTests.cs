using System;
using System.Buffers;
using System.Linq;
using System.Text;
using System.Text.Json;
using ModelArts.Core.Http;
using ModelArts.Core.Logs;
using Xunit;

namespace ModelArts.Core.Tests
{
    /// <summary>The preview answer read straight into its content's UTF-8 bytes, as the models read it.</summary>
    public sealed class LogPreviewTests
    {
        private static LogPreview Parse(string json) => LogPreview.FromJson(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

        private static string Text(LogPreview preview) => Encoding.UTF8.GetString(preview.Content, 0, preview.Length);

        [Fact]
        public void EscapesAreUndoneAndTheWindowStartsWhereTheBytesSay()
        {
            var preview = Parse("{\"content\":\"ep 1 \\u00e9t\\u00e9 \\\"ok\\\"\\n\\ud83d\\ude00 tab\\t/slash\\/\\n\",\"current_size\":3,\"full_size\":1000}");
            var expected = "ep 1 été \"ok\"\n😀 tab\t/slash/\n";
            Assert.Equal(expected, Text(preview));
            Assert.Equal(Encoding.UTF8.GetByteCount(expected), preview.Length);
            Assert.Equal(1000 - preview.Length, preview.WindowStart);
        }

        [Fact]
        public void APreviewReceivedInChunksIsReadAcrossThemWithNothingLostAtTheSeams()
        {
            // Lines of one-, two-, three- and four-byte characters and escapes, so that chunk seams fall inside all of them.
            var text = string.Concat(Enumerable.Range(0, 6000).Select(i => $"step {i} é€😀 \"q\"\tend\n"));
            var json = Encoding.UTF8.GetBytes("{\"full_size\":9999999,\"content\":" + JsonSerializer.Serialize(text) + ",\"current_size\":1}");
            var body = new ChunkedBody();
            for (var offset = 0; offset < json.Length; offset += 7777)
            {
                body.Write(json, offset, Math.Min(7777, json.Length - offset));
            }

            Assert.Equal(json.Length, body.Length);
            Assert.True(json.Length > 3 * ChunkedBody.ChunkBytes);
            var sequence = body.Sequence;
            Assert.False(sequence.IsSingleSegment);
            Assert.Equal(json, sequence.ToArray());
            var preview = LogPreview.FromJson(sequence);
            Assert.Equal(text, Text(preview));
            Assert.Equal(9999999 - Encoding.UTF8.GetByteCount(text), preview.WindowStart);
        }

        [Fact]
        public void AnEmptyAnswerIsAJsonError() => Assert.ThrowsAny<JsonException>(() => LogPreview.FromJson(new ChunkedBody().Sequence));

        [Fact]
        public void TheOldNameContextIsReadWhenContentIsAbsentOrNull()
        {
            Assert.Equal("old\n", Text(Parse("{\"context\":\"old\\n\",\"full_size\":4}")));
            Assert.Equal("old\n", Text(Parse("{\"content\":null,\"context\":\"old\\n\",\"full_size\":4}")));
            Assert.Equal("new\n", Text(Parse("{\"context\":\"old\\n\",\"content\":\"new\\n\",\"full_size\":4}")));
        }

        [Fact]
        public void ASizeAsAStringCountsAndAMissingOneIsTheContentsOwn()
        {
            Assert.Equal(12345, Parse("{\"content\":\"abc\",\"full_size\":\"12345\"}").FullSize);
            var whole = Parse("{\"content\":\"abc\"}");
            Assert.Equal(3, whole.FullSize);
            Assert.Equal(0, whole.WindowStart);
        }

        [Fact]
        public void UnknownMembersOfAnyShapeAreSkippedAndNoContentIsAnEmptyPreview()
        {
            var preview = Parse("{\"extra\":{\"a\":[1,{\"content\":\"not this\"}]},\"content\":\"this\",\"more\":[\"x\"]}");
            Assert.Equal("this", Text(preview));
            var empty = Parse("{}");
            Assert.Equal(0, empty.Length);
            Assert.Equal(0, empty.FullSize);
        }

        [Fact]
        public void AnAnswerThatIsNoObjectIsAJsonError()
        {
            Assert.ThrowsAny<JsonException>(() => Parse("[\"content\"]"));
            Assert.ThrowsAny<JsonException>(() => Parse("{\"content\":{\"text\":1}}"));
            Assert.ThrowsAny<JsonException>(() => Parse("{\"content\":\"cut"));
        }
    }
}
