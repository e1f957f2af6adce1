using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>Issue 15, items 8, 10, 15, 16, 17 and 20: IAM answers as keystoneauth and the official SDKs expect, and grants no extra time.</summary>
    public sealed class IamSecurityTests : IAsyncLifetime
    {
        private readonly ManualClock _clock = new ManualClock(DateTimeOffset.UtcNow);
        private TestService _service = null!;

        private string Tokens => _service.BaseUrl + "/v3/auth/tokens";

        public async Task InitializeAsync() => _service = await TestService.StartAsync(o =>
        {
            o.Clock = _clock;
            o.TokenLifetime = TimeSpan.FromHours(1);
        });

        public async Task DisposeAsync() => await _service.DisposeAsync();

        private static DateTimeOffset Expiry(JsonElement token) =>
            DateTimeOffset.Parse(token.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture);

        [Fact]
        public async Task ReScopedTokenKeepsTheOriginalExpiry()
        {
            var first = await _service.SendAsync(HttpMethod.Post, Tokens, TestService.PasswordBody(scope: "{\"domain\":{\"name\":\"ma-domain\"}}"), authenticate: false);
            var firstToken = first.Response.Headers.GetValues("X-Subject-Token").Single();
            _clock.Now = _clock.Now.AddMinutes(50);
            var rescoped = await _service.SendAsync(HttpMethod.Post, Tokens,
                "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"" + firstToken + "\"}},\"scope\":{\"project\":{\"name\":\"local-1\"}}}}",
                authenticate: false);
            Assert.Equal(HttpStatusCode.Created, rescoped.Status);
            Assert.Equal(Expiry(first.Body.GetProperty("token")), Expiry(rescoped.Body.GetProperty("token")));
        }

        [Fact]
        public async Task TemporaryKeyEndsWithItsToken()
        {
            var first = await _service.SendAsync(HttpMethod.Post, Tokens, TestService.PasswordBody(scope: "{\"domain\":{\"name\":\"ma-domain\"}}"), authenticate: false);
            var token = first.Response.Headers.GetValues("X-Subject-Token").Single();
            var issued = await _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3.0/OS-CREDENTIAL/securitytokens",
                "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"" + token + "\",\"duration_seconds\":86400}}}}", authenticate: false);
            Assert.Equal(HttpStatusCode.Created, issued.Status);
            Assert.Equal(Expiry(first.Body.GetProperty("token")), Expiry(issued.Body.GetProperty("credential")));
        }

        [Theory]
        [InlineData("{\"auth\":{\"identity\":{\"methods\":[1],\"password\":{}}}}")]
        [InlineData("{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":\"x\"}}}}")]
        [InlineData("{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":\"x\"}}}")]
        [InlineData("{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"ma-user\",\"password\":\"ma-password\",\"domain\":{\"name\":\"ma-domain\"}}}},\"scope\":\"x\"}}")]
        [InlineData("{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"\\ud800\",\"password\":\"p\",\"domain\":{\"name\":\"d\"}}}}}}")]
        public async Task WrongTypesAreBadRequests(string body)
        {
            var answer = await _service.SendAsync(HttpMethod.Post, Tokens, body, authenticate: false);
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal(400, answer.Body.GetProperty("error").GetProperty("code").GetInt32());
        }

        [Fact]
        public async Task VersionDiscoveryAnswersAtTheRootAndAtV3()
        {
            var v3 = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v3", authenticate: false);
            Assert.Equal(HttpStatusCode.OK, v3.Status);
            var version = v3.Body.GetProperty("version");
            Assert.StartsWith("v3", version.GetProperty("id").GetString());
            Assert.Equal("stable", version.GetProperty("status").GetString());
            Assert.Equal(_service.BaseUrl + "/v3/", version.GetProperty("links")[0].GetProperty("href").GetString());

            var root = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/", authenticate: false);
            Assert.Equal(HttpStatusCode.MultipleChoices, root.Status);
            Assert.Equal(_service.BaseUrl + "/v3/", root.Body.GetProperty("versions").GetProperty("values")[0].GetProperty("links")[0].GetProperty("href").GetString());
        }

        [Fact]
        public async Task TokenBodiesHoldNoNullKeys()
        {
            foreach (var (scope, query, present, absent) in new[]
            {
                ("{\"project\":{\"name\":\"local-1\"}}", "", "project", new[] { "domain" }),
                ("{\"domain\":{\"name\":\"ma-domain\"}}", "", "domain", new[] { "project" }),
                ("{\"project\":{\"name\":\"local-1\"}}", "?nocatalog=1", "project", new[] { "domain", "catalog" }),
            })
            {
                var answer = await _service.SendAsync(HttpMethod.Post, Tokens + query, TestService.PasswordBody(scope: scope), authenticate: false);
                var token = answer.Body.GetProperty("token");
                Assert.Equal(JsonValueKind.Object, token.GetProperty(present).ValueKind);
                Assert.All(absent, name => Assert.False(token.TryGetProperty(name, out _), name));
                Assert.All(token.EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind));
            }
        }

        [Fact]
        public async Task CatalogNamesTheServicesOtcClientsLookUp()
        {
            var answer = await _service.SendAsync(HttpMethod.Post, Tokens, TestService.PasswordBody(), authenticate: false);
            var urls = answer.Body.GetProperty("token").GetProperty("catalog").EnumerateArray()
                .ToDictionary(e => e.GetProperty("type").GetString()!, e => e.GetProperty("endpoints")[0].GetProperty("url").GetString()!);
            Assert.Equal(_service.V1, urls["modelartsv1"]);
            Assert.Equal(_service.BaseUrl + "/v2/" + TestService.ProjectId, urls["modelartsv2"]);
            Assert.Equal(_service.BaseUrl, urls["obs"]);
            Assert.Equal(_service.BaseUrl + "/v3", urls["identity"]);
        }

        [Fact]
        public async Task DomainsAreListedForTheCaller()
        {
            var domains = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v3/auth/domains");
            Assert.Equal(HttpStatusCode.OK, domains.Status);
            var domain = domains.Body.GetProperty("domains")[0];
            Assert.Equal("ma-domain", domain.GetProperty("name").GetString());
            var token = await _service.SendAsync(HttpMethod.Post, Tokens, TestService.PasswordBody(), authenticate: false);
            Assert.Equal(token.Body.GetProperty("token").GetProperty("user").GetProperty("domain").GetProperty("id").GetString(), domain.GetProperty("id").GetString());

            var anonymous = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v3/auth/domains", authenticate: false);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        }
    }
}
