using ModelArts.PowerShell.Commands;

namespace ModelArts.Module.Tests
{
    public sealed class NameFilterTests
    {
        [Fact]
        public void NoNamesMatchEverything()
        {
            var filter = new NameFilter(null);

            Assert.True(filter.IsEmpty);
            Assert.True(filter.IsMatch("anything"));
            Assert.True(filter.IsMatch(null));
            Assert.Empty(filter.Unmatched);
        }

        [Fact]
        public void NamesAreWildcardsIgnoringCase()
        {
            var filter = new NameFilter(new[] { "list_*", "EXACT" });

            Assert.True(filter.IsMatch("LIST_alpha"));
            Assert.True(filter.IsMatch("exact"));
            Assert.False(filter.IsMatch("other"));
            Assert.False(filter.IsMatch(null));
        }

        [Fact]
        public void OnlyPlainNamesThatMatchedNothingAreReported()
        {
            var filter = new NameFilter(new[] { "found", "missing", "pattern*" });

            filter.IsMatch("found");

            Assert.Equal(new[] { "missing" }, filter.Unmatched);
        }

        [Theory]
        [InlineData("list_*", "list_")]
        [InlineData("*ab*cdef?g", "cdef")]
        [InlineData("exact", "exact")]
        public void TheServerSearchesForTheLongestPlainRunOfOneName(string name, string search)
        {
            Assert.Equal(search, new NameFilter(new[] { name }).SearchText(64));
        }

        [Fact]
        public void NoServerSearchWhenItCouldMissAMatch()
        {
            Assert.Null(new NameFilter(new[] { "a*", "b*" }).SearchText(64));
            Assert.Null(new NameFilter(new[] { "a`*b" }).SearchText(64));
            Assert.Null(new NameFilter(new[] { "*" }).SearchText(64));
            Assert.Null(new NameFilter(new[] { "abcdef*" }).SearchText(3));
        }
    }
}
