using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Obs
{
    /// <summary>Multipart uploads: the part rules, the ETag rules, list, abort and what is left on disk.</summary>
    public sealed class ObsMultipartTests : IAsyncLifetime
    {
        private const int PartSize = 100 * 1024;

        private TestService _service = null!;
        private ObsClient _obs = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync();
            _obs = new ObsClient(_service.Http, _service.BaseUrl, _service.Options.AccessKey, _service.Options.SecretKey);
            await _obs.CreateBucketAsync("parts");
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task ThreePartsMakeOneObjectWithTheMultipartETag()
        {
            var uploadId = await InitiateAsync("big/model.bin", "application/x-model");
            var parts = new[] { Random(PartSize, 1), Random(PartSize + 17, 2), Random(1234, 3) };
            var etags = new List<string>();
            for (var i = 0; i < parts.Length; i++)
            {
                var answer = await _obs.SendAsync(HttpMethod.Put, "/parts/big/model.bin", $"partNumber={i + 1}&uploadId={uploadId}", parts[i]);
                Assert.Equal(HttpStatusCode.OK, answer.Status);
                Assert.Equal("\"" + ObsClient.Md5Hex(parts[i]) + "\"", answer.Header("ETag"));
                etags.Add(answer.Header("ETag")!);
            }
            Assert.False(File.Exists(_service.ObsPath("parts/big/model.bin")), "nothing is visible before Complete");

            var listed = await _obs.SendAsync(HttpMethod.Get, "/parts/big/model.bin", "uploadId=" + uploadId);
            Assert.Equal(new[] { "1", "2", "3" }, listed.All("PartNumber"));
            Assert.Equal(parts.Select(p => p.Length.ToString()), listed.All("Size"));
            var uploads = await _obs.SendAsync(HttpMethod.Get, "/parts", "uploads");
            Assert.Equal(new[] { uploadId }, uploads.All("UploadId"));

            var complete = await CompleteAsync("big/model.bin", uploadId, etags.Select((e, i) => (i + 1, e)));
            Assert.Equal(HttpStatusCode.OK, complete.Status);
            var md5s = parts.SelectMany(p => MD5.HashData(p)).ToArray();
            var expected = "\"" + ObsClient.Md5Hex(md5s) + "-3\"";
            Assert.Equal(expected, complete.One("ETag"));
            var whole = parts.SelectMany(p => p).ToArray();
            Assert.Equal(whole, File.ReadAllBytes(_service.ObsPath("parts/big/model.bin")));
            var get = await _obs.GetAsync("parts", "big/model.bin");
            Assert.Equal(expected, get.Header("ETag"));
            Assert.Equal("application/x-model", get.Header("Content-Type"));
            Assert.Equal(whole, get.Body);
            Assert.Empty((await _obs.SendAsync(HttpMethod.Get, "/parts", "uploads")).All("UploadId"));
            Assert.Equal("NoSuchUpload", (await _obs.SendAsync(HttpMethod.Get, "/parts/big/model.bin", "uploadId=" + uploadId)).Code);
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_service.DataRoot, "obs-meta", "uploads", "parts")));
        }

        [Fact]
        public async Task CompleteChecksSizesETagsAndOrder()
        {
            var uploadId = await InitiateAsync("rules.bin");
            var small = Random(PartSize - 1, 4);
            var big = Random(PartSize, 5);
            var smallTag = (await _obs.SendAsync(HttpMethod.Put, "/parts/rules.bin", $"partNumber=1&uploadId={uploadId}", small)).Header("ETag")!;
            var bigTag = (await _obs.SendAsync(HttpMethod.Put, "/parts/rules.bin", $"partNumber=2&uploadId={uploadId}", big)).Header("ETag")!;

            var tooSmall = await CompleteAsync("rules.bin", uploadId, new[] { (1, smallTag), (2, bigTag) });
            Assert.Equal(HttpStatusCode.BadRequest, tooSmall.Status);
            Assert.Equal("EntityTooSmall", tooSmall.Code);
            var wrongTag = await CompleteAsync("rules.bin", uploadId, new[] { (2, "\"00000000000000000000000000000000\"") });
            Assert.Equal("InvalidPart", wrongTag.Code);
            Assert.Equal("InvalidPart", (await CompleteAsync("rules.bin", uploadId, new[] { (3, bigTag) })).Code);
            Assert.Equal("InvalidPartOrder", (await CompleteAsync("rules.bin", uploadId, new[] { (2, bigTag), (1, smallTag) })).Code);
            Assert.Equal("MalformedXML", (await CompleteAsync("rules.bin", uploadId, Array.Empty<(int, string)>())).Code);
            Assert.False(File.Exists(_service.ObsPath("parts/rules.bin")));

            // A small part is fine as the last one, and ETags may come unquoted.
            var ok = await CompleteAsync("rules.bin", uploadId, new[] { (2, bigTag.Trim('"')) });
            Assert.Equal(HttpStatusCode.OK, ok.Status);
            Assert.Equal(big, File.ReadAllBytes(_service.ObsPath("parts/rules.bin")));
        }

        [Fact]
        public async Task PartNumbersUploadIdsAndAbort()
        {
            var uploadId = await InitiateAsync("aborted.bin");
            Assert.Equal("InvalidArgument", (await _obs.SendAsync(HttpMethod.Put, "/parts/aborted.bin", $"partNumber=0&uploadId={uploadId}", new byte[1])).Code);
            Assert.Equal("InvalidArgument", (await _obs.SendAsync(HttpMethod.Put, "/parts/aborted.bin", $"partNumber=10001&uploadId={uploadId}", new byte[1])).Code);
            Assert.Equal("NoSuchUpload", (await _obs.SendAsync(HttpMethod.Put, "/parts/aborted.bin", "partNumber=1&uploadId=../../etc", new byte[1])).Code);
            Assert.Equal("NoSuchUpload", (await _obs.SendAsync(HttpMethod.Put, "/parts/other-key.bin", $"partNumber=1&uploadId={uploadId}", new byte[1])).Code);
            var first = await _obs.SendAsync(HttpMethod.Put, "/parts/aborted.bin", $"partNumber=1&uploadId={uploadId}", Random(10, 1));
            var replaced = await _obs.SendAsync(HttpMethod.Put, "/parts/aborted.bin", $"partNumber=1&uploadId={uploadId}", Random(20, 2));
            Assert.NotEqual(first.Header("ETag"), replaced.Header("ETag"));
            var listed = await _obs.SendAsync(HttpMethod.Get, "/parts/aborted.bin", "uploadId=" + uploadId);
            Assert.Equal(new[] { "20" }, listed.All("Size"));

            Assert.Equal(HttpStatusCode.NoContent, (await _obs.SendAsync(HttpMethod.Delete, "/parts/aborted.bin", "uploadId=" + uploadId)).Status);
            Assert.Equal("NoSuchUpload", (await _obs.SendAsync(HttpMethod.Delete, "/parts/aborted.bin", "uploadId=" + uploadId)).Code);
            Assert.Equal("NoSuchUpload", (await CompleteAsync("aborted.bin", uploadId, new[] { (1, replaced.Header("ETag")!) })).Code);
            Assert.False(File.Exists(_service.ObsPath("parts/aborted.bin")));
        }

        private async Task<string> InitiateAsync(string key, string? contentType = null)
        {
            var headers = contentType == null ? null : new Dictionary<string, string> { ["Content-Type"] = contentType };
            var answer = await _obs.SendAsync(HttpMethod.Post, ObsClient.Path("parts", key), "uploads", Array.Empty<byte>(), headers);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(key, answer.One("Key"));
            return answer.One("UploadId")!;
        }

        private Task<ObsAnswer> CompleteAsync(string key, string uploadId, IEnumerable<(int Number, string ETag)> parts)
        {
            var xml = "<CompleteMultipartUpload>" + string.Concat(parts.Select(p => $"<Part><PartNumber>{p.Number}</PartNumber><ETag>{p.ETag}</ETag></Part>"))
                + "</CompleteMultipartUpload>";
            return _obs.SendAsync(HttpMethod.Post, ObsClient.Path("parts", key), "uploadId=" + uploadId, Encoding.UTF8.GetBytes(xml));
        }

        private static byte[] Random(int size, int seed)
        {
            var bytes = new byte[size];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }
    }
}
