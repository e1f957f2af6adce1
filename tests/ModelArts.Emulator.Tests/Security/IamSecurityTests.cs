using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using ModelArts.Emulator.Tests.Obs;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>
    /// Issue 15, items 8, 10, 15, 16, 17 and 20: IAM answers as keystoneauth and the official SDKs expect, and grants no
    /// extra time or scope: a temporary key acts for its token's project only, and for none when the token had none.
    /// </summary>
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
        [InlineData("{\"domain\":{\"name\":\"ma-domain\"}}")]
        [InlineData(null)]
        public async Task TemporaryKeyOfATokenWithoutProjectActsForNoProject(string? scope)
        {
            // IAM issues it (the key has its token's permissions), and they hold no project: project APIs refuse it.
            var key = await TemporaryKeyAsync(scope);
            foreach (var url in new[] { _service.V1 + "/job/ai-engines", _service.BaseUrl + "/v2/" + TestService.ProjectId + "/training-job-flavors" })
            {
                var refused = await SendWithKeyAsync(url, key);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
                Assert.Equal("ModelArts.0212", refused.Code);
                var named = await SendWithKeyAsync(url, key, TestService.ProjectId);
                Assert.Equal("ModelArts.0212", named.Code);
            }
            // Global services still take it: IAM, and OBS.
            Assert.Equal(HttpStatusCode.OK, (await SendWithKeyAsync(_service.BaseUrl + "/v3/projects", key)).Status);
            var obs = new ObsClient(_service.Http, _service.BaseUrl, key.AccessKey, key.SecretKey) { SecurityToken = key.SecurityToken };
            Assert.Equal(HttpStatusCode.OK, (await obs.CreateBucketAsync("unscoped-key")).Status);
        }

        [Fact]
        public async Task TemporaryKeyOfAProjectTokenActsForThatProjectOnly()
        {
            var key = await TemporaryKeyAsync("{\"project\":{\"name\":\"local-1\"}}");
            Assert.Equal(HttpStatusCode.OK, (await SendWithKeyAsync(_service.V1 + "/job/ai-engines", key)).Status);
            var other = new string('a', 32);
            var elsewhere = await SendWithKeyAsync(_service.BaseUrl + "/v1/" + other + "/job/ai-engines", key, other);
            Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Status);
            Assert.Equal("ModelArts.0210", elsewhere.Code);
        }

        [Fact]
        public async Task KeyScopesOutliveARestart()
        {
            var scoped = await TemporaryKeyAsync("{\"project\":{\"name\":\"local-1\"}}");
            var unscoped = await TemporaryKeyAsync(null);
            await _service.StopAsync();
            _service = await TestService.StartAsync(o => o.Clock = _clock, _service.DataRoot);

            var again = await SendWithKeyAsync(_service.V1 + "/job/ai-engines", scoped);
            Assert.True(again.Status == HttpStatusCode.OK, again.Body.ToString());
            Assert.Equal("ModelArts.0212", (await SendWithKeyAsync(_service.V1 + "/job/ai-engines", unscoped)).Code);
        }

        [Fact]
        public async Task KeysOfAnOlderDataRootActForNoProject()
        {
            // The state file of a service from before keys kept their token's scope, with one key in it.
            var dataRoot = TestService.NewDirectory();
            var old = new TemporaryKeyAnswer("TOLDKEY0000000000001", "old-secret", "old-security-token");
            using (var connection = new SqliteConnection("Data Source=" + Path.Combine(dataRoot, "state.db") + ";Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE temporary_keys (access_key TEXT PRIMARY KEY, secret_key TEXT NOT NULL, "
                    + "security_token_hash TEXT NOT NULL, expires_at INTEGER NOT NULL); "
                    + "INSERT INTO temporary_keys VALUES($ak, $sk, $hash, $expires)";
                command.Parameters.AddWithValue("$ak", old.AccessKey);
                command.Parameters.AddWithValue("$sk", old.SecretKey);
                command.Parameters.AddWithValue("$hash", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(old.SecurityToken))));
                command.Parameters.AddWithValue("$expires", _clock.Now.AddHours(1).ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }
            await _service.DisposeAsync();
            _service = await TestService.StartAsync(o => o.Clock = _clock, dataRoot);

            Assert.Equal("ModelArts.0212", (await SendWithKeyAsync(_service.V1 + "/job/ai-engines", old)).Code);
            Assert.Equal(HttpStatusCode.OK, (await SendWithKeyAsync(_service.BaseUrl + "/v3/projects", old)).Status);
            var fresh = await TemporaryKeyAsync("{\"project\":{\"name\":\"local-1\"}}");
            Assert.Equal(HttpStatusCode.OK, (await SendWithKeyAsync(_service.V1 + "/job/ai-engines", fresh)).Status);
        }

        /// <summary>Signs in with the password and the given scope (none when null), then buys a temporary key with that token.</summary>
        private async Task<TemporaryKeyAnswer> TemporaryKeyAsync(string? scope)
        {
            var password = scope == null
                ? "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"ma-user\",\"password\":\"ma-password\",\"domain\":{\"name\":\"ma-domain\"}}}}}}"
                : TestService.PasswordBody(scope: scope);
            var signIn = await _service.SendAsync(HttpMethod.Post, Tokens, password, authenticate: false);
            Assert.Equal(HttpStatusCode.Created, signIn.Status);
            Assert.Equal(scope == null || scope.Contains("domain"), !signIn.Body.GetProperty("token").TryGetProperty("project", out _));
            var token = signIn.Response.Headers.GetValues("X-Subject-Token").Single();
            var issued = await _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3.0/OS-CREDENTIAL/securitytokens",
                "{\"auth\":{\"identity\":{\"methods\":[\"token\"]}}}", authenticate: false, adjust: r => r.Headers.Add("X-Auth-Token", token));
            Assert.Equal(HttpStatusCode.Created, issued.Status);
            var credential = issued.Body.GetProperty("credential");
            return new TemporaryKeyAnswer(credential.GetProperty("access").GetString()!, credential.GetProperty("secret").GetString()!,
                credential.GetProperty("securitytoken").GetString()!);
        }

        private Task<Answer> SendWithKeyAsync(string url, TemporaryKeyAnswer key, string? projectHeader = null) =>
            _service.SendSignedAsync(HttpMethod.Get, url, accessKey: key.AccessKey, secretKey: key.SecretKey, prepare: r =>
            {
                r.Headers.Add("X-Security-Token", key.SecurityToken);
                if (projectHeader != null)
                {
                    r.Headers.Add("X-Project-Id", projectHeader);
                }
            });

        private sealed record TemporaryKeyAnswer(string AccessKey, string SecretKey, string SecurityToken);

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
