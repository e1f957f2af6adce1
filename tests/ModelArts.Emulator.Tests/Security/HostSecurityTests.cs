using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>Issue 15, item 11: the preconditions of DNS rebinding — foreign Host names and JSON sent as something else — are refused.</summary>
    public sealed class HostSecurityTests : IAsyncLifetime
    {
        private TestService _service = null!;

        public async Task InitializeAsync() => _service = await TestService.StartAsync(o => o.HostNames = new[] { "ma.example.test" });

        public async Task DisposeAsync() => await _service.DisposeAsync();

        private Task<Answer> SignInAs(string host, string contentType = "application/json") =>
            _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3/auth/tokens", null, authenticate: false, adjust: r =>
            {
                r.Headers.Host = host;
                r.Content = new StringContent(TestService.PasswordBody(), Encoding.UTF8);
                r.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            });

        [Theory]
        [InlineData("rebind.attacker.example")]
        [InlineData("ma.example.test.attacker.example")]
        [InlineData("127.0.0.2")]
        [InlineData("x.localhost")]
        public async Task ForeignHostsAreRefused(string name)
        {
            var port = new Uri(_service.BaseUrl).Port;
            var answer = await SignInAs(name + ":" + port);
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Equal("APIG.0101", answer.Code);
            Assert.Contains("--host-names", answer.Str("error_msg"));
            var health = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/health", authenticate: false, adjust: r => r.Headers.Host = name);
            Assert.Equal(HttpStatusCode.NotFound, health.Status);
        }

        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("localhost")]
        [InlineData("LocalHost.")]
        [InlineData("ma.example.test")]
        public async Task OwnNamesAreServed(string name)
        {
            var host = name + ":" + new Uri(_service.BaseUrl).Port;
            var answer = await SignInAs(host);
            Assert.Equal(HttpStatusCode.Created, answer.Status);
            // The catalog points back at the name the caller used, which is now one of the service's own.
            Assert.Contains("://" + host + "/", answer.Body.GetProperty("token").GetProperty("catalog")[0].GetProperty("endpoints")[0].GetProperty("url").GetString());
        }

        [Theory]
        [InlineData("my-bucket.localhost")]
        [InlineData("data.set.ma.example.test")]
        [InlineData("my-bucket.127.0.0.1")]
        public async Task BucketsUnderOwnNamesAreServedByObs(string name)
        {
            var answer = await _service.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, _service.BaseUrl + "/")
            {
                Headers = { Host = name + ":" + new Uri(_service.BaseUrl).Port },
            });
            // Unsigned, so OBS refuses it — but it is OBS that answers, not the gateway's unknown-host 404.
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.True(answer.Headers.Contains("x-obs-request-id"));
        }

        [Theory]
        [InlineData("text/plain")]
        [InlineData("application/x-www-form-urlencoded")]
        [InlineData("multipart/form-data; boundary=x")]
        public async Task JsonApisReadOnlyJson(string contentType)
        {
            var answer = await SignInAs(new Uri(_service.BaseUrl).Authority, contentType);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.Status);
            Assert.Equal(415, answer.Body.GetProperty("error").GetProperty("code").GetInt32());

            var v1 = await _service.SendAsync(HttpMethod.Post, _service.V1 + "/training-jobs", null, adjust: r =>
                r.Content = new StringContent("{}", Encoding.UTF8, contentType.Split(';')[0]));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, v1.Status);
            Assert.Equal("ModelArts.0101", v1.Code);
        }

        [Theory]
        [InlineData("http://0.0.0.0:8443", "192.168.1.20:8443", true)]
        [InlineData("http://*:8443", "[fe80::1]", true)]
        [InlineData("http://+:8443", "rebind.attacker.example", false)]
        [InlineData("http://localhost:8443", "127.0.0.1:8443", true)]
        [InlineData("http://localhost:8443", "[::1]:8443", true)]
        [InlineData("http://192.168.1.20:8443", "192.168.1.21", false)]
        [InlineData("http://192.168.1.20:8443", "localhost", false)]
        [InlineData("http://[::1]:8443", "localhost:8443", true)]
        public void ListeningAddressesDecideTheHostsServed(string url, string host, bool accepted)
        {
            Assert.Equal(accepted, new Http.HostPolicy(new[] { url }, Array.Empty<string>()).Accepts(host));
        }

        [Fact]
        public async Task JsonWithCharsetIsJson()
        {
            var answer = await SignInAs(new Uri(_service.BaseUrl).Authority, "application/json;charset=utf8");
            Assert.Equal(HttpStatusCode.Created, answer.Status);
        }
    }
}
