using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Obs;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// Completing a multipart upload whose answer is lost, against the real local service: the re-sent completion
    /// meets 404 NoSuchUpload, and only the object these parts make counts as written.
    /// </summary>
    public class ObsCompletionTests
    {
        private const string Bucket = "complete";

        // Three parts of the smallest size OBS allows, the last one short.
        private const int Size = (2 * ObsTransferOptions.MinPartSize) + 12345;

        [Fact]
        public async Task ACompletionWhoseAnswerIsLostIsTheObjectItsPartsMake()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            var (local, data) = LocalFile(service);
            await service.SetFaultsAsync("{\"fail_next\":1,\"fail_as\":\"drop\",\"fail_method\":\"POST\",\"fail_query\":\"uploadId\"}");

            var result = (await Transfer(client).UploadAsync(new[] { (local, new ObsLocation(Bucket, "big.bin")) }, CancellationToken.None)).Single();

            Assert.True(result.Succeeded, result.ToString());
            Assert.Equal(data, File.ReadAllBytes(Path.Combine(service.ObsRoot, Bucket, "big.bin")));
            Assert.Equal(await ExpectedETagAsync(local), result.Uploaded!.ETag);
            Assert.Equal(1, service.FaultedCalls());
            var calls = service.ObsCalls(Bucket);
            Assert.Equal(2, calls.Count(c => c.StartsWith("POST /" + Bucket + "/big.bin?uploadId=", StringComparison.Ordinal)));
            Assert.Equal(3, calls.Count(c => c.StartsWith("PUT ", StringComparison.Ordinal)));
            Assert.DoesNotContain(calls, c => c.StartsWith("DELETE ", StringComparison.Ordinal));
        }

        [Fact]
        public async Task NoSuchUploadStandsWhenTheObjectIsNotTheOneThesePartsMake()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            var (local, data) = LocalFile(service);
            var remote = new ObsLocation(Bucket, "big.bin");
            var transfer = Transfer(client);
            Assert.True((await transfer.UploadAsync(new[] { (local, remote) }, CancellationToken.None)).Single().Succeeded);
            var partETags = PartETags(data);

            // The same parts with an upload OBS never knew: the object is theirs, so it was written.
            Assert.Equal(await ExpectedETagAsync(local), await transfer.CompleteAsync(remote, Size, "gone", partETags, CancellationToken.None));

            // Other parts, or the same parts claimed for a size the object does not have: the upload is gone, nothing was written.
            var other = partETags.Reverse().ToList();
            var error = await Assert.ThrowsAsync<ModelArtsException>(() => transfer.CompleteAsync(remote, Size, "gone", other, CancellationToken.None));
            Assert.Equal("NoSuchUpload", error.ErrorCode);
            Assert.Equal(404, error.StatusCode);
            error = await Assert.ThrowsAsync<ModelArtsException>(() => transfer.CompleteAsync(remote, Size + 1, "gone", partETags, CancellationToken.None));
            Assert.Equal("NoSuchUpload", error.ErrorCode);
            error = await Assert.ThrowsAsync<ModelArtsException>(() => transfer.CompleteAsync(new ObsLocation(Bucket, "never.bin"), Size, "gone", partETags, CancellationToken.None));
            Assert.Equal("NoSuchUpload", error.ErrorCode);
        }

        [Fact]
        public void APartETagThatIsNoMd5GivesNoExpectedETag()
        {
            Assert.Null(ObsETag.OfParts(new[] { "0123456789abcdef0123456789abcdef", "not-an-md5" }));
            Assert.Null(ObsETag.OfParts(new[] { "0123456789abcdef0123456789abcdeg" }));
        }

        private static ObsTransfer Transfer(ModelArtsClient client) =>
            new ObsTransfer(client.Obs, new ObsTransferOptions { PartSize = ObsTransferOptions.MinPartSize, Parallelism = 2 });

        private static (string Path, byte[] Data) LocalFile(LocalService service)
        {
            Directory.CreateDirectory(Path.Combine(service.ObsRoot, Bucket));
            var data = new byte[Size];
            new Random(14).NextBytes(data);
            var path = Path.Combine(service.ObsRoot, "..", "big.bin");
            File.WriteAllBytes(path, data);
            return (path, data);
        }

        private static string[] PartETags(byte[] data)
        {
            using var md5 = ObsETag.NewMd5();
            return Enumerable.Range(0, 3)
                .Select(i => ObsETag.Hex(md5.ComputeHash(data, i * ObsTransferOptions.MinPartSize, Math.Min(ObsTransferOptions.MinPartSize, data.Length - (i * ObsTransferOptions.MinPartSize)))))
                .ToArray();
        }

        /// <summary>The file's multipart ETag by the other path of ObsETag's arithmetic: read back from the file, part by part.</summary>
        private static async Task<string> ExpectedETagAsync(string path)
        {
            var expected = ObsETag.OfParts(PartETags(File.ReadAllBytes(path)))!;
            Assert.True(await ObsETag.MatchesAsync(path, Size, expected, ObsTransferOptions.MinPartSize, CancellationToken.None));
            return expected;
        }
    }
}
