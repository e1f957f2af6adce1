using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Obs;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// Which uploads carry Content-MD5, against the real local service (which checks every one it gets): none by default,
    /// every body with VerifyMd5. What was sent is seen by a handler between the client and the real socket handler.
    /// </summary>
    public class ObsContentMd5Tests
    {
        private const string Bucket = "md5";

        // Three parts of the smallest size OBS allows, the last one short; and one file that goes in a single PUT.
        private const int BigSize = (2 * ObsTransferOptions.MinPartSize) + 12345;
        private const int SmallSize = 5000;

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task UploadsSendContentMd5OnlyWhenAskedAndTheObjectsAreWhole(bool verifyMd5)
        {
            await using var service = await LocalService.StartAsync();
            using var recorder = new Md5Recorder();
            using var client = service.Client(o => o.Handler = recorder);
            Directory.CreateDirectory(Path.Combine(service.ObsRoot, Bucket));
            var big = LocalFile(service, "big.bin", BigSize);
            var small = LocalFile(service, "small.bin", SmallSize);
            var transfer = new ObsTransfer(client.Obs, new ObsTransferOptions { PartSize = ObsTransferOptions.MinPartSize, Parallelism = 2, VerifyMd5 = verifyMd5 });

            var results = await transfer.UploadAsync(new[] { (big.Path, new ObsLocation(Bucket, "big.bin")), (small.Path, new ObsLocation(Bucket, "small.bin")) }, CancellationToken.None);

            Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
            Assert.Equal(big.Data, File.ReadAllBytes(Path.Combine(service.ObsRoot, Bucket, "big.bin")));
            Assert.Equal(small.Data, File.ReadAllBytes(Path.Combine(service.ObsRoot, Bucket, "small.bin")));
            var puts = recorder.Puts.ToList();
            // Three parts and one PUT, and any attempt the pipeline sent again.
            Assert.True(puts.Count >= 4, puts.Count + " PUTs");
            Assert.All(puts, p => Assert.Equal(verifyMd5, p.HasMd5));
        }

        private static (string Path, byte[] Data) LocalFile(LocalService service, string name, int size)
        {
            var data = new byte[size];
            new Random(size).NextBytes(data);
            var path = Path.Combine(service.ObsRoot, "..", name);
            File.WriteAllBytes(path, data);
            return (path, data);
        }

        /// <summary>Passes every request on to a real socket handler and notes, for each PUT, whether it had Content-MD5.</summary>
        private sealed class Md5Recorder : DelegatingHandler
        {
            public Md5Recorder()
                : base(new HttpClientHandler())
            {
            }

            public ConcurrentQueue<(string Uri, bool HasMd5)> Puts { get; } = new ConcurrentQueue<(string, bool)>();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Method == HttpMethod.Put)
                {
                    Puts.Enqueue((request.RequestUri!.ToString(), request.Content?.Headers.Contains("Content-MD5") == true));
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
