using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Tests
{
    /// <summary>No OBS path, however crafted, reaches outside the data root.</summary>
    public sealed class PathTests : IDisposable
    {
        private readonly string _root = TestService.NewDirectory();
        private readonly DataRoot _data;

        public PathTests()
        {
            _data = new DataRoot(_root);
            Directory.CreateDirectory(Path.Combine(_data.Obs, "bucket", "inside"));
            Directory.CreateDirectory(Path.Combine(_root, "secret"));
            File.CreateSymbolicLink(Path.Combine(_data.Obs, "bucket", "out-link"), Path.Combine(_root, "secret"));
            File.CreateSymbolicLink(Path.Combine(_data.Obs, "bucket", "etc-link"), "/etc");
            File.CreateSymbolicLink(Path.Combine(_data.Obs, "bucket", "relative-link"), "../../secret");
            File.CreateSymbolicLink(Path.Combine(_data.Obs, "bucket", "chain-link"), Path.Combine(_data.Obs, "bucket", "out-link"));
            File.CreateSymbolicLink(Path.Combine(_data.Obs, "bucket", "inside-link"), Path.Combine(_data.Obs, "bucket", "inside"));
            File.CreateSymbolicLink(Path.Combine(_data.Obs, "escaping-bucket"), "/tmp");
            File.CreateSymbolicLink(Path.Combine(_data.Obs, "bucket", "loop-a"), Path.Combine(_data.Obs, "bucket", "loop-b"));
            File.CreateSymbolicLink(Path.Combine(_data.Obs, "bucket", "loop-b"), Path.Combine(_data.Obs, "bucket", "loop-a"));
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        [Theory]
        [InlineData("/bucket/../secret/")]
        [InlineData("/bucket/inside/../../secret/x")]
        [InlineData("obs://bucket/../../../etc/passwd")]
        [InlineData("s3://bucket/./inside/")]
        [InlineData("/../etc/passwd")]
        [InlineData("/..")]
        [InlineData("obs:///etc/passwd")]
        [InlineData("//etc/passwd")]
        [InlineData("/bucket//etc/passwd")]
        [InlineData("etc/passwd")]
        [InlineData("C:\\Windows\\system32")]
        [InlineData("/bucket/..\\..\\secret")]
        [InlineData("/bucket/%2e%2e/%2e%2e/secret")]
        [InlineData("/bucket/a%2F..%2F..%2Fsecret")]
        [InlineData("/bucket/a%5c..%5csecret")]
        [InlineData("/bucket/a%00b")]
        [InlineData("/bucket/a\0b")]
        [InlineData("/bucket/line\nbreak")]
        [InlineData("/bucket/out-link/")]
        [InlineData("/bucket/out-link/key.txt")]
        [InlineData("/bucket/etc-link/passwd")]
        [InlineData("/bucket/relative-link/x")]
        [InlineData("/bucket/chain-link/x")]
        [InlineData("/escaping-bucket/x")]
        [InlineData("/bucket/loop-a/x")]
        [InlineData("/BUCKET/upper")]
        [InlineData("/b/short-bucket")]
        [InlineData("/bu..cket/x")]
        [InlineData("")]
        [InlineData("/")]
        public void CraftedPathsAreRefused(string path)
        {
            Assert.Throws<PathRefusedException>(() => _data.MapObs(path));
        }

        [Fact]
        public void OverLongNamesAreRefused()
        {
            Assert.Throws<PathRefusedException>(() => _data.MapObs("/bucket/" + new string('n', 256)));
            Assert.Throws<PathRefusedException>(() => _data.MapObs("/bucket/" + string.Join("/", Enumerable.Repeat(new string('k', 200), 6))));
            Assert.Throws<PathRefusedException>(() => _data.MapObs("/" + new string('b', 64) + "/x"));
        }

        [Theory]
        [InlineData("/bucket/inside/", "bucket/inside/")]
        [InlineData("obs://bucket/inside/file.py", "bucket/inside/file.py")]
        [InlineData("s3://bucket/not-yet/there/", "bucket/not-yet/there/")]
        [InlineData("/bucket/inside-link/x.txt", "bucket/inside-link/x.txt")]
        [InlineData("/bucket/with space/ünï.txt", "bucket/with space/ünï.txt")]
        [InlineData("/my.bucket-1/100%/x", "my.bucket-1/100%/x")]
        public void OrdinaryPathsMapIntoTheObsFolder(string path, string expected)
        {
            Assert.Equal(Path.Combine(_data.Obs, expected), _data.MapObs(path));
        }

        [Theory]
        [InlineData("..", "v1")]
        [InlineData("ds", "../v1")]
        [InlineData("ds/x", "v1")]
        [InlineData("ds", "")]
        public void DatasetIdsMustBePlainNames(string id, string version)
        {
            Assert.Throws<PathRefusedException>(() => _data.DatasetDirectory(id, version));
        }

        [Fact]
        public async Task CraftedPathsInACreateAre0104AndNothingIsWritten()
        {
            await using var service = await TestService.StartAsync(dataRoot: TestService.NewDirectory());
            Directory.CreateDirectory(Path.Combine(service.DataRoot, "obs", "test-bucket"));
            File.CreateSymbolicLink(Path.Combine(service.DataRoot, "obs", "test-bucket", "outside"), Path.GetTempPath());
            foreach (var path in new[] { "/test-bucket/../../x/", "/test-bucket/outside/", "obs://test-bucket/a%2F..%2F/", "/test-bucket/a\0/" })
            {
                var body = TestService.JobBody("escape");
                ((System.Collections.Generic.Dictionary<string, object?>)body["config"]!)["train_url"] = path;
                var answer = await service.PostAsync("/training-jobs", body);
                Assert.True(answer.Code == "ModelArts.0104", path + ": " + answer.Body);
            }
        }
    }
}
