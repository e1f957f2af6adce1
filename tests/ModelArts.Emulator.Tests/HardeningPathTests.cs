using System;
using System.IO;
using ModelArts.Emulator.Paths;
using Xunit;

namespace ModelArts.Emulator.Tests
{
    /// <summary>Issue 7: names that end in a line break passed the old '$'-anchored rules; '\z' refuses them.</summary>
    public sealed class HardeningPathTests : IDisposable
    {
        private readonly string _root = TestService.NewDirectory();
        private readonly DataRoot _data;

        public HardeningPathTests()
        {
            _data = new DataRoot(_root);
            Directory.CreateDirectory(Path.Combine(_data.Obs, "bucket"));
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        [Theory]
        [InlineData("/bucket\n/x")]
        [InlineData("/bucket\r\n/x")]
        [InlineData("/bkt\n")]
        public void BucketsEndingInALineBreakAreRefused(string path)
        {
            Assert.Throws<PathRefusedException>(() => _data.MapObs(path));
        }

        [Theory]
        [InlineData("ds1\n", "v1")]
        [InlineData("ds1", "v1\n")]
        public void DatasetIdsEndingInALineBreakAreRefused(string dataset, string version)
        {
            Assert.Throws<PathRefusedException>(() => _data.DatasetDirectory(dataset, version));
        }
    }
}
