using System;
using System.IO;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>Issue 15, item 1, for one class: SafePath resolves links the way the kernel does.</summary>
    public sealed class RealPathTests : IDisposable
    {
        private readonly string _root = TestService.NewDirectory();

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private string At(string relative) => Path.Combine(_root, relative);

        [Fact]
        public void DotDotAfterALinkClimbsFromItsTarget()
        {
            Directory.CreateDirectory(At("x/y/z"));
            Directory.CreateDirectory(At("in"));
            File.CreateSymbolicLink(At("in/deep"), At("x/y/z"));
            File.CreateSymbolicLink(At("in/up"), "deep/../..");
            File.CreateSymbolicLink(At("in/abs"), At("in/up"));
            Assert.Equal(At("x"), SafePath.RealPath(At("in/up")));
            Assert.Equal(At("x/file"), SafePath.RealPath(At("in/abs/file")));
            Assert.Throws<PathRefusedException>(() => SafePath.EnsureInside(At("in"), At("in/up/file"), "up/file"));
            // Physically in/deep/.. is x/y, so this name is outside "in" although the text says otherwise.
            Assert.Equal(At("x/y/sibling"), SafePath.RealPath(At("in/deep/../sibling")));
            Assert.Throws<PathRefusedException>(() => SafePath.EnsureInside(At("in"), At("in/deep/../sibling"), "deep/../sibling"));
        }

        [Fact]
        public void LinkLoopsAreRefused()
        {
            File.CreateSymbolicLink(At("a"), At("b"));
            File.CreateSymbolicLink(At("b"), At("a"));
            Assert.Throws<PathRefusedException>(() => SafePath.RealPath(At("a/file")));
        }

        [Fact]
        public void OpenInsideRefusesAFinalLinkThatLeaves()
        {
            Directory.CreateDirectory(At("in"));
            File.WriteAllText(At("victim"), "");
            File.CreateSymbolicLink(At("in/log"), At("victim"));
            Assert.Throws<PathRefusedException>(() => SafePath.OpenInside(At("in"), At("in/log"), FileMode.Append, FileAccess.Write, FileShare.Read).Dispose());
            using (var stream = SafePath.OpenInside(At("in"), At("in/own"), FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                stream.WriteByte((byte)'x');
            }
            Assert.Equal("", File.ReadAllText(At("victim")));
            Assert.Equal("x", File.ReadAllText(At("in/own")));
        }
    }
}
