using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests
{
    /// <summary>Slow or greedy clients do not stall the others.</summary>
    public sealed class HardeningTests : IAsyncLifetime
    {
        private TestService _service = null!;

        public async Task InitializeAsync() => _service = await TestService.StartAsync();

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task SlowClientsDoNotStallOthers()
        {
            var uri = new Uri(_service.BaseUrl);
            var stalled = Enumerable.Range(0, 20).Select(_ => new TcpClient()).ToList();
            try
            {
                foreach (var (client, i) in stalled.Select((c, i) => (c, i)))
                {
                    await client.ConnectAsync(uri.Host, uri.Port);
                    // Half of them stop inside the headers, half inside a body they promised.
                    var partial = i % 2 == 0
                        ? "GET /v1/" + TestService.ProjectId + "/training-jobs HTTP/1.1\r\nHost: x\r\nX-Auth"
                        : "POST /v1/" + TestService.ProjectId + "/training-jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"job";
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(partial));
                }
                var watch = Stopwatch.StartNew();
                var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _service.GetAsync("/job/ai-engines")));
                Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
                Assert.True(watch.ElapsedMilliseconds < 5000, $"took {watch.ElapsedMilliseconds} ms");
            }
            finally
            {
                stalled.ForEach(c => c.Dispose());
            }
        }

        [Fact]
        public async Task ChunkedBodyOverTheLimitIs413()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _service.V1 + "/training-jobs")
            {
                Content = new StreamContent(new System.IO.MemoryStream(new byte[2 * 1024 * 1024])),
            };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = true;
            request.Headers.Add("X-Auth-Token", await _service.TokenAsync());
            var answer = await TestService.ReadAsync(await _service.Http.SendAsync(request));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
            Assert.Equal("APIG.0201", answer.Code);
        }

        [Fact]
        public async Task LocalCallsNeedNoCredentialsButV1CallsDo()
        {
            Assert.Equal(HttpStatusCode.OK, (await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/health", authenticate: false)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await _service.SendAsync(HttpMethod.Get, _service.V1 + "/training-jobs", authenticate: false)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await _service.SendAsync(HttpMethod.Get, _service.V1 + "/no/such/call", authenticate: false)).Status);
            Assert.Equal("APIG.0101", (await _service.GetAsync("/no/such/call")).Code);
        }
    }
}
