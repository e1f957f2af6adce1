using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Obs
{
    /// <summary>Buckets and objects over real HTTP with real signatures: CRUD, Range, conditions, copy, metadata and the errors.</summary>
    public sealed class ObsObjectTests : IAsyncLifetime
    {
        private TestService _service = null!;
        private ObsClient _obs = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync();
            _obs = new ObsClient(_service.Http, _service.BaseUrl, _service.Options.AccessKey, _service.Options.SecretKey);
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task BucketsAreCreatedListedHeadedAndDeletedOnlyWhenEmpty()
        {
            var created = await _obs.CreateBucketAsync("my-bucket");
            Assert.Equal(HttpStatusCode.OK, created.Status);
            Assert.True(Directory.Exists(_service.ObsPath("my-bucket")));
            Assert.Equal("BucketAlreadyOwnedByYou", (await _obs.CreateBucketAsync("my-bucket")).Code);
            Assert.Contains("my-bucket", (await _obs.SendAsync(HttpMethod.Get, "/")).All("Name"));
            Assert.Equal(HttpStatusCode.OK, (await _obs.SendAsync(HttpMethod.Head, "/my-bucket")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await _obs.SendAsync(HttpMethod.Head, "/no-such-bucket")).Status);
            Assert.Equal("local-1", (await _obs.SendAsync(HttpMethod.Get, "/my-bucket", "location")).Xml.Value);

            await _obs.PutAsync("my-bucket", "a/b.txt", Encoding.UTF8.GetBytes("x"));
            var notEmpty = await _obs.SendAsync(HttpMethod.Delete, "/my-bucket");
            Assert.Equal(HttpStatusCode.Conflict, notEmpty.Status);
            Assert.Equal("BucketNotEmpty", notEmpty.Code);
            Assert.Equal(HttpStatusCode.NoContent, (await _obs.SendAsync(HttpMethod.Delete, "/my-bucket/a/b.txt")).Status);
            Assert.False(Directory.Exists(_service.ObsPath("my-bucket/a")), "the folder the deletion emptied is gone");
            Assert.Equal(HttpStatusCode.NoContent, (await _obs.SendAsync(HttpMethod.Delete, "/my-bucket")).Status);
            Assert.False(Directory.Exists(_service.ObsPath("my-bucket")));
            Assert.Equal("NoSuchBucket", (await _obs.SendAsync(HttpMethod.Delete, "/my-bucket")).Code);
        }

        [Theory]
        [InlineData("ab")]
        [InlineData("Upper-Case")]
        [InlineData("under_score")]
        [InlineData("-leading")]
        [InlineData("double..dot")]
        [InlineData("dot-.dash")]
        [InlineData("192.168.1.1")]
        public async Task InvalidBucketNamesAreRefused(string name)
        {
            var answer = await _obs.CreateBucketAsync(name);
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("InvalidBucketName", answer.Code);
            Assert.False(Directory.Exists(_service.ObsPath(name)));
        }

        [Fact]
        public async Task TheServicesOwnPathsAreNotBuckets()
        {
            // v1, v2, v3 and _local can never be bucket names; v3.0 could, and is reserved for IAM.
            Assert.Equal(HttpStatusCode.Unauthorized, (await _obs.SendAsync(HttpMethod.Get, "/v1/" + TestService.ProjectId + "/training-jobs")).Status);
            Assert.Equal(HttpStatusCode.OK, (await _obs.SendAsync(HttpMethod.Get, "/_local/health")).Status);
            var iam = await _obs.CreateBucketAsync("v3.0");
            Assert.Equal(HttpStatusCode.NotFound, iam.Status);
            Assert.DoesNotContain("<Error>", iam.Text);
            Assert.False(Directory.Exists(_service.ObsPath("v3.0")));
            var unsigned = await _service.Http.GetAsync(_service.BaseUrl + "/some-bucket");
            Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
            Assert.Contains("<Code>AccessDenied</Code>", await unsigned.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task AnObjectIsAFileAndAFileIsAnObject()
        {
            await _obs.CreateBucketAsync("files");
            var body = Encoding.UTF8.GetBytes("uploaded through OBS");
            var put = await _obs.PutAsync("files", "dir/sub/data.txt", body, new Dictionary<string, string>
            {
                ["Content-Type"] = "text/plain",
                ["x-amz-meta-Owner"] = "team-a",
                ["Cache-Control"] = "no-cache",
            });
            Assert.Equal(HttpStatusCode.OK, put.Status);
            Assert.Equal("\"" + ObsClient.Md5Hex(body) + "\"", put.Header("ETag"));
            Assert.Equal(body, File.ReadAllBytes(_service.ObsPath("files/dir/sub/data.txt")));
            Assert.False(Directory.EnumerateFileSystemEntries(_service.ObsPath("files"), "*.json", SearchOption.AllDirectories).Any(),
                "metadata lives outside the bucket folders");

            var get = await _obs.GetAsync("files", "dir/sub/data.txt");
            Assert.Equal(body, get.Body);
            Assert.Equal("text/plain", get.Header("Content-Type"));
            Assert.Equal("team-a", get.Header("x-amz-meta-owner"));
            Assert.Equal("no-cache", get.Header("Cache-Control"));
            Assert.NotNull(get.Header("Last-Modified"));
            Assert.Equal(32, get.Header("x-amz-request-id")!.Length);
            Assert.Equal(get.Header("x-amz-request-id"), get.Header("x-obs-request-id"));

            _service.PutObject("files/written-by-job.txt", "a job wrote this");
            var jobFile = await _obs.GetAsync("files", "written-by-job.txt");
            Assert.Equal("a job wrote this", jobFile.Text);
            Assert.Equal("\"" + ObsClient.Md5Hex(jobFile.Body) + "\"", jobFile.Header("ETag"));
            Assert.Equal("binary/octet-stream", jobFile.Header("Content-Type"));

            File.WriteAllText(_service.ObsPath("files/dir/sub/data.txt"), "rewritten by a job");
            var rewritten = await _obs.SendAsync(HttpMethod.Head, ObsClient.Path("files", "dir/sub/data.txt"));
            Assert.Equal("\"" + ObsClient.Md5Hex(Encoding.UTF8.GetBytes("rewritten by a job")) + "\"", rewritten.Header("ETag"));
            Assert.Equal("18", rewritten.Header("Content-Length"));
            Assert.Empty(rewritten.Body);
        }

        [Fact]
        public async Task KeysWithSpacesPlusAndUnicodeRoundTrip()
        {
            await _obs.CreateBucketAsync("names");
            foreach (var key in new[] { "with space.txt", "plus+sign", "ümlaut/日本.txt", "a=b&c", "tilde~(1)" })
            {
                Assert.Equal(HttpStatusCode.OK, (await _obs.PutAsync("names", key, Encoding.UTF8.GetBytes(key))).Status);
                Assert.Equal(key, (await _obs.GetAsync("names", key)).Text);
                Assert.True(File.Exists(_service.ObsPath("names/" + key)), key);
            }
        }

        [Fact]
        public async Task MissingThingsHaveTheirCodes()
        {
            var noBucket = await _obs.GetAsync("no-bucket", "k");
            Assert.Equal(HttpStatusCode.NotFound, noBucket.Status);
            Assert.Equal("NoSuchBucket", noBucket.Code);
            Assert.Equal("no-bucket", noBucket.One("BucketName"));
            await _obs.CreateBucketAsync("present");
            var noKey = await _obs.GetAsync("present", "absent.txt");
            Assert.Equal(HttpStatusCode.NotFound, noKey.Status);
            Assert.Equal("NoSuchKey", noKey.Code);
            Assert.Equal("absent.txt", noKey.One("Key"));
            Assert.Equal(noKey.Header("x-amz-request-id"), noKey.One("RequestId"));
            Assert.Equal(HttpStatusCode.NotFound, (await _obs.SendAsync(HttpMethod.Head, "/present/absent.txt")).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await _obs.SendAsync(HttpMethod.Delete, "/present/absent.txt")).Status);
            Assert.Equal("NoSuchBucket", (await _obs.PutAsync("no-bucket", "k", new byte[1])).Code);
            Assert.Equal("NotImplemented", (await _obs.SendAsync(HttpMethod.Get, "/present", "acl")).Code);
        }

        [Fact]
        public async Task KeysThatWouldLeaveTheBucketAreRefused()
        {
            await _obs.CreateBucketAsync("safe");
            foreach (var key in new[] { "a/%2E%2E/%2E%2E/escape", "a//b", "%2E/x" })
            {
                var answer = await _obs.SendAsync(HttpMethod.Put, "/safe/" + key, "", new byte[] { 1 });
                Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
                Assert.Equal("InvalidArgument", answer.Code);
            }
            var tooLong = await _obs.PutAsync("safe", new string('k', 1025), new byte[1]);
            Assert.Equal("KeyTooLongError", tooLong.Code);
            Directory.CreateSymbolicLink(_service.ObsPath("safe/link"), Path.GetTempPath());
            Assert.Equal("InvalidArgument", (await _obs.PutAsync("safe", "link/planted.txt", new byte[1])).Code);
            Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "planted.txt")));
        }

        [Fact]
        public async Task RangesAndConditionsAnswerAsOnObs()
        {
            await _obs.CreateBucketAsync("ranges");
            var body = Encoding.ASCII.GetBytes("0123456789");
            var etag = (await _obs.PutAsync("ranges", "digits", body)).Header("ETag")!;

            var middle = await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["Range"] = "bytes=2-4" });
            Assert.Equal(HttpStatusCode.PartialContent, middle.Status);
            Assert.Equal("234", middle.Text);
            Assert.Equal("bytes 2-4/10", middle.Header("Content-Range"));
            Assert.Equal("789", (await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["Range"] = "bytes=-3" })).Text);
            Assert.Equal("89", (await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["Range"] = "bytes=8-" })).Text);
            Assert.Equal("89", (await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["Range"] = "bytes=8-100" })).Text);
            var beyond = await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["Range"] = "bytes=10-" });
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.Status);
            Assert.Equal("InvalidRange", beyond.Code);

            Assert.Equal(HttpStatusCode.NotModified, (await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["If-None-Match"] = etag })).Status);
            Assert.Equal(HttpStatusCode.OK, (await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["If-Match"] = etag })).Status);
            var failed = await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["If-Match"] = "\"0000\"" });
            Assert.Equal(HttpStatusCode.PreconditionFailed, failed.Status);
            Assert.Equal("PreconditionFailed", failed.Code);
            var later = DateTimeOffset.UtcNow.AddHours(1).ToString("r");
            var earlier = DateTimeOffset.UtcNow.AddHours(-1).ToString("r");
            Assert.Equal(HttpStatusCode.NotModified, (await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["If-Modified-Since"] = later })).Status);
            Assert.Equal(HttpStatusCode.OK, (await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["If-Modified-Since"] = earlier })).Status);
            Assert.Equal(HttpStatusCode.PreconditionFailed,
                (await _obs.GetAsync("ranges", "digits", new Dictionary<string, string> { ["If-Unmodified-Since"] = earlier })).Status);
        }

        [Fact]
        public async Task CopyKeepsOrReplacesMetadata()
        {
            await _obs.CreateBucketAsync("src-bucket");
            await _obs.CreateBucketAsync("dst-bucket");
            var body = Encoding.UTF8.GetBytes("copy me");
            await _obs.PutAsync("src-bucket", "orig.txt", body, new Dictionary<string, string> { ["Content-Type"] = "text/plain", ["x-amz-meta-color"] = "blue" });

            var copy = await _obs.SendAsync(HttpMethod.Put, "/dst-bucket/copy.txt", "", null, new Dictionary<string, string> { ["x-amz-copy-source"] = "/src-bucket/orig.txt" });
            Assert.Equal(HttpStatusCode.OK, copy.Status);
            Assert.Equal("\"" + ObsClient.Md5Hex(body) + "\"", copy.One("ETag"));
            var copied = await _obs.GetAsync("dst-bucket", "copy.txt");
            Assert.Equal("copy me", copied.Text);
            Assert.Equal("blue", copied.Header("x-amz-meta-color"));
            Assert.Equal("text/plain", copied.Header("Content-Type"));

            await _obs.SendAsync(HttpMethod.Put, "/dst-bucket/replaced.txt", "", null, new Dictionary<string, string>
            {
                ["x-amz-copy-source"] = "src-bucket/orig.txt",
                ["x-amz-metadata-directive"] = "REPLACE",
                ["x-amz-meta-color"] = "red",
            });
            Assert.Equal("red", (await _obs.GetAsync("dst-bucket", "replaced.txt")).Header("x-amz-meta-color"));
            var self = await _obs.SendAsync(HttpMethod.Put, "/src-bucket/orig.txt", "", null, new Dictionary<string, string> { ["x-amz-copy-source"] = "/src-bucket/orig.txt" });
            Assert.Equal("InvalidRequest", self.Code);
            var missing = await _obs.SendAsync(HttpMethod.Put, "/dst-bucket/x", "", null, new Dictionary<string, string> { ["x-amz-copy-source"] = "/src-bucket/none" });
            Assert.Equal("NoSuchKey", missing.Code);
        }

        [Fact]
        public async Task DeleteObjectsNeedsAndChecksContentMd5()
        {
            await _obs.CreateBucketAsync("multi");
            foreach (var key in new[] { "one", "two", "dir/three" })
            {
                await _obs.PutAsync("multi", key, Encoding.UTF8.GetBytes(key));
            }
            var xml = Encoding.UTF8.GetBytes("<Delete><Object><Key>one</Key></Object><Object><Key>dir/three</Key></Object><Object><Key>never-was</Key></Object></Delete>");
            var noMd5 = await _obs.SendAsync(HttpMethod.Post, "/multi", "delete", xml);
            Assert.Equal(HttpStatusCode.BadRequest, noMd5.Status);
            Assert.Equal("InvalidRequest", noMd5.Code);
            var wrongMd5 = await _obs.SendAsync(HttpMethod.Post, "/multi", "delete", xml, new Dictionary<string, string> { ["Content-MD5"] = ObsClient.Md5Base64(new byte[] { 1 }) });
            Assert.Equal("BadDigest", wrongMd5.Code);
            Assert.True(File.Exists(_service.ObsPath("multi/one")), "a refused DeleteObjects deletes nothing");

            var deleted = await _obs.SendAsync(HttpMethod.Post, "/multi", "delete", xml, new Dictionary<string, string> { ["Content-MD5"] = ObsClient.Md5Base64(xml) });
            Assert.Equal(HttpStatusCode.OK, deleted.Status);
            Assert.Equal(new[] { "one", "dir/three", "never-was" }, deleted.All("Key"));
            Assert.False(File.Exists(_service.ObsPath("multi/one")));
            Assert.False(Directory.Exists(_service.ObsPath("multi/dir")));
            Assert.True(File.Exists(_service.ObsPath("multi/two")));
        }

        [Fact]
        public async Task FolderMarkersAreEmptyKeysEndingInSlash()
        {
            await _obs.CreateBucketAsync("folders");
            Assert.Equal(HttpStatusCode.OK, (await _obs.PutAsync("folders", "empty-dir/", Array.Empty<byte>())).Status);
            Assert.True(Directory.Exists(_service.ObsPath("folders/empty-dir")));
            Assert.Equal(HttpStatusCode.OK, (await _obs.SendAsync(HttpMethod.Head, "/folders/empty-dir/")).Status);
            Assert.Contains("empty-dir/", (await _obs.SendAsync(HttpMethod.Get, "/folders", "list-type=2")).All("Key"));
            Assert.Equal("InvalidArgument", (await _obs.PutAsync("folders", "data-dir/", new byte[] { 1 })).Code);
            Assert.Equal(HttpStatusCode.NoContent, (await _obs.SendAsync(HttpMethod.Delete, "/folders/empty-dir/")).Status);
            Assert.False(Directory.Exists(_service.ObsPath("folders/empty-dir")));
        }

        [Fact]
        public async Task UploadChecksRefuseBadBodiesBeforeAnythingIsStored()
        {
            await _obs.CreateBucketAsync("checks");
            var body = Encoding.UTF8.GetBytes("payload");
            var badMd5 = await _obs.PutAsync("checks", "md5", body, new Dictionary<string, string> { ["Content-MD5"] = ObsClient.Md5Base64(new byte[] { 9 }) });
            Assert.Equal("BadDigest", badMd5.Code);
            Assert.Equal("InvalidDigest", (await _obs.PutAsync("checks", "md5", body, new Dictionary<string, string> { ["Content-MD5"] = "not-base64!" })).Code);
            var badHash = await _obs.SendAsync(HttpMethod.Put, "/checks/sha", "", body, new Dictionary<string, string> { ["x-amz-content-sha256"] = ObsClient.Sha256Hex(new byte[] { 1 }) });
            Assert.Equal("XAmzContentSHA256Mismatch", badHash.Code);
            Assert.False(File.Exists(_service.ObsPath("checks/md5")));
            Assert.False(File.Exists(_service.ObsPath("checks/sha")));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(_service.DataRoot, "obs-meta", "tmp")));
        }

        [Fact]
        public async Task AnUploadOverFiveGigabytesIsRefusedBeforeTheBodyIsRead()
        {
            await _obs.CreateBucketAsync("big");
            // The header alone: a real 5 GB body is not needed to be refused.
            var uri = new Uri(_service.BaseUrl);
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(uri.Host, uri.Port);
            var stream = tcp.GetStream();
            var date = DateTimeOffset.UtcNow.ToString("r");
            var stringToSign = $"PUT\n\n\n{date}\n/big/huge.bin";
            var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(
                Encoding.UTF8.GetBytes(_service.Options.SecretKey), Encoding.UTF8.GetBytes(stringToSign)));
            var head = $"PUT /big/huge.bin HTTP/1.1\r\nHost: {uri.Authority}\r\nDate: {date}\r\nAuthorization: OBS {_service.Options.AccessKey}:{signature}\r\n"
                + $"Content-Length: {5L * 1024 * 1024 * 1024 + 1}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            var answer = await ReadUntilClosedAsync(stream);
            Assert.StartsWith("HTTP/1.1 400", answer);
            Assert.Contains("<Code>EntityTooLarge</Code>", answer);
            Assert.False(File.Exists(_service.ObsPath("big/huge.bin")));
        }
    
        /// <summary>What the server sent before it closed (or reset) the connection of a body it refused to read.</summary>
        private static async Task<string> ReadUntilClosedAsync(NetworkStream stream)
        {
            var received = new MemoryStream();
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    received.Write(buffer, 0, read);
                }
            }
            catch (IOException)
            {
                // Kestrel resets a connection whose announced body is never sent; the answer came before.
            }
            return Encoding.UTF8.GetString(received.ToArray());
        }
    }
}
