using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using ModelArts.Core.Auth;

namespace ModelArts.Emulator.Tests
{
    /// <summary>IAM tokens, the gateway's AK/SK check over real HTTP, lockout, skew and project matching.</summary>
    public sealed class AuthTests : IAsyncLifetime
    {
        private readonly ManualClock _clock = new ManualClock(DateTimeOffset.UtcNow);
        private TestService _service = null!;

        public async Task InitializeAsync() => _service = await TestService.StartAsync(o =>
        {
            o.Clock = _clock;
            o.TokenLifetime = TimeSpan.FromHours(1);
        });

        public async Task DisposeAsync() => await _service.DisposeAsync();

        private string Engines => _service.V1 + "/job/ai-engines?job_type=train";

        [Fact]
        public async Task PasswordTokenIsIssuedWith201AndWorks()
        {
            var answer = await _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3/auth/tokens", TestService.PasswordBody(), authenticate: false);
            Assert.Equal(HttpStatusCode.Created, answer.Status);
            var token = answer.Body.GetProperty("token");
            Assert.Equal(TestService.ProjectId, token.GetProperty("project").GetProperty("id").GetString());
            var expires = DateTimeOffset.Parse(token.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(_clock.Now.AddHours(1).ToUnixTimeSeconds(), expires.ToUnixTimeSeconds());
            Assert.Equal("modelarts", token.GetProperty("catalog")[0].GetProperty("type").GetString());
            Assert.Equal(HttpStatusCode.OK, (await _service.GetAsync("/job/ai-engines?job_type=train")).Status);
        }

        [Fact]
        public async Task ProjectScopeById()
        {
            var body = TestService.PasswordBody(scope: "{\"project\":{\"id\":\"" + TestService.ProjectId + "\"}}");
            var answer = await _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3/auth/tokens?nocatalog=true", body, authenticate: false);
            Assert.Equal(HttpStatusCode.Created, answer.Status);
            Assert.False(answer.Body.GetProperty("token").TryGetProperty("catalog", out _)); // left out, never null (issue 15, item 16)
        }

        [Theory]
        [InlineData("ma-user", "wrong", "{\"project\":{\"name\":\"local-1\"}}", 401)]
        [InlineData("someone", "ma-password", "{\"project\":{\"name\":\"local-1\"}}", 401)]
        [InlineData("ma-user", "ma-password", "{\"project\":{\"name\":\"eu-de\"}}", 401)]
        public async Task BadPasswordOrScopeIsRefusedInIamShape(string user, string password, string scope, int status)
        {
            var answer = await _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3/auth/tokens", TestService.PasswordBody(user, password, scope), authenticate: false);
            Assert.Equal(status, (int)answer.Status);
            Assert.Equal(status, answer.Body.GetProperty("error").GetProperty("code").GetInt32());
            Assert.False(answer.Response.Headers.Contains("X-Subject-Token"));
        }

        [Fact]
        public async Task MalformedTokenRequestIs400()
        {
            var answer = await _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3/auth/tokens", "{\"auth\":{}}", authenticate: false);
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        }

        [Fact]
        public async Task DomainScopedTokenIsRefusedByModelArts()
        {
            var body = TestService.PasswordBody(scope: "{\"domain\":{\"name\":\"ma-domain\"}}");
            var issued = await _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3/auth/tokens", body, authenticate: false);
            var token = issued.Response.Headers.GetValues("X-Subject-Token").Single();
            var answer = await _service.SendAsync(HttpMethod.Get, Engines, authenticate: false, adjust: r => r.Headers.Add("X-Auth-Token", token));
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Equal("ModelArts.0212", answer.Code);
        }

        [Fact]
        public async Task UnknownAndExpiredTokensAreRefused()
        {
            var unknown = await _service.SendAsync(HttpMethod.Get, Engines, authenticate: false, adjust: r => r.Headers.Add("X-Auth-Token", "MIInot-a-token"));
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
            Assert.Equal("APIG.0301", unknown.Code);
            Assert.Contains("decrypt token fail", unknown.Str("error_msg"));
            Assert.False(string.IsNullOrEmpty(unknown.Str("request_id")));

            await _service.TokenAsync();
            _clock.Now = _clock.Now.AddHours(1).AddSeconds(1);
            var expired = await _service.GetAsync("/job/ai-engines");
            Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
            Assert.Contains("expired", expired.Str("error_msg"));
        }

        [Fact]
        public async Task NoCredentialsIsApig1000()
        {
            var answer = await _service.SendAsync(HttpMethod.Get, Engines, authenticate: false);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Equal("APIG.1000", answer.Code);
        }

        [Fact]
        public async Task ProjectInUrlMustMatch()
        {
            var token = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v1/00000000000000000000000000000000/job/ai-engines");
            Assert.Equal(HttpStatusCode.Forbidden, token.Status);
            Assert.Equal("ModelArts.0210", token.Code);
            Assert.False(token.Body.GetProperty("is_success").GetBoolean());

            var signed = await _service.SendSignedAsync(HttpMethod.Get, _service.BaseUrl + "/v1/00000000000000000000000000000000/job/ai-engines");
            Assert.Equal("ModelArts.0210", signed.Code);

            Assert.Equal(HttpStatusCode.OK, (await _service.SendSignedAsync(HttpMethod.Get, Engines)).Status);
        }

        [Fact]
        public async Task SignedXProjectIdMustMatchTheUrl()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Engines);
            request.Headers.Add("X-Project-Id", "11111111111111111111111111111111");
            AkSkSigner.Sign(request, Array.Empty<byte>(), _service.Options.AccessKey, _service.Options.SecretKey, _clock.Now);
            var answer = await TestService.ReadAsync(await _service.Http.SendAsync(request));
            Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
            Assert.Equal("ModelArts.0210", answer.Code);
        }

        [Fact]
        public async Task SignedContentTypeAndUserAgentAsThePythonSdkSignsThemPass()
        {
            // The Python SDK signs Content-Type and User-Agent too; the gateway checks the client's SignedHeaders list.
            var url = _service.V1 + "/training-jobs";
            void Prepare(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("User-Agent", "huaweicloud-usdk-python/3.0");
            string? signedHeaders = null;
            var create = await _service.SendSignedAsync(HttpMethod.Post, url, "{\"job_name\":\"x\"}", prepare: Prepare,
                tamper: r => signedHeaders = AkSkSigner.ParseAuthorization(r.Headers.GetValues("Authorization").Single())!.SignedHeaders.Aggregate((a, b) => a + ";" + b));
            Assert.Equal("content-type;host;user-agent;x-sdk-date", signedHeaders);
            Assert.Equal(HttpStatusCode.BadRequest, create.Status); // signature accepted; the body itself is incomplete
            Assert.Equal("ModelArts.0101", create.Code);

            // Both are really checked: a changed value after signing is refused.
            var changedAgent = await _service.SendSignedAsync(HttpMethod.Post, url, "{\"job_name\":\"x\"}", prepare: Prepare,
                tamper: r => { r.Headers.Remove("User-Agent"); r.Headers.TryAddWithoutValidation("User-Agent", "other/1.0"); });
            Assert.Equal(HttpStatusCode.Unauthorized, changedAgent.Status);
            Assert.Equal("APIG.0301", changedAgent.Code);
            var changedType = await _service.SendSignedAsync(HttpMethod.Post, url, "{\"job_name\":\"x\"}",
                tamper: r => r.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
            Assert.Equal(HttpStatusCode.Unauthorized, changedType.Status);
            Assert.Equal("APIG.0301", changedType.Code);
        }

        [Fact]
        public async Task CoreSignerRequestsPass()
        {
            Assert.Equal(HttpStatusCode.OK, (await _service.SendSignedAsync(HttpMethod.Get, Engines)).Status);
            var encodedQuery = _service.V1 + "/training-jobs?search_content=a%20b%2Fc&per_page=5&sortBy=job_name";
            Assert.Equal(HttpStatusCode.OK, (await _service.SendSignedAsync(HttpMethod.Get, encodedQuery)).Status);
            var create = await _service.SendSignedAsync(HttpMethod.Post, _service.V1 + "/training-jobs", "{\"job_name\":\"x\"}");
            Assert.Equal(HttpStatusCode.BadRequest, create.Status); // signature accepted; the body itself is incomplete
            Assert.Equal("ModelArts.0101", create.Code);
        }

        [Fact]
        public async Task HandBuiltSignatureFromTheFormulaPasses()
        {
            var uri = new Uri(Engines);
            var date = _clock.Now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var host = uri.Host + ":" + uri.Port;
            var emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
            var canonical = "GET\n" + uri.AbsolutePath + "/\njob_type=train\nhost:" + host + "\nx-sdk-date:" + date + "\n\nhost;x-sdk-date\n" + emptyHash;
            var stringToSign = "SDK-HMAC-SHA256\n" + date + "\n" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
            var signature = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_service.Options.SecretKey), Encoding.UTF8.GetBytes(stringToSign))).ToLowerInvariant();

            foreach (var form in new[] { "Access=" + _service.Options.AccessKey, "Credential=" + _service.Options.AccessKey + "/20150907//ec2/sdk_request" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Host = host;
                request.Headers.Add("X-Sdk-Date", date);
                request.Headers.TryAddWithoutValidation("Authorization", $"SDK-HMAC-SHA256 {form}, SignedHeaders=host;x-sdk-date, Signature={signature}");
                var answer = await TestService.ReadAsync(await _service.Http.SendAsync(request));
                Assert.Equal(HttpStatusCode.OK, answer.Status);
            }
        }

        [Fact]
        public async Task ChangedBodyQueryOrSignedHeaderFails()
        {
            var body = "{\"job_desc\":\"abc\"}";
            var bodyChanged = await _service.SendSignedAsync(HttpMethod.Put, _service.V1 + "/training-jobs/1", body,
                tamper: r => r.Content = new StringContent("{\"job_desc\":\"abd\"}", Encoding.UTF8, "application/json"));
            Assert.Equal("APIG.0301", bodyChanged.Code);
            Assert.Contains("verify aksk signature fail", bodyChanged.Str("error_msg"));

            var queryChanged = await _service.SendSignedAsync(HttpMethod.Get, Engines,
                tamper: r => r.RequestUri = new Uri(Engines.Replace("train", "trainx")));
            Assert.Equal("APIG.0301", queryChanged.Code);

            var dateChanged = await _service.SendSignedAsync(HttpMethod.Get, Engines, tamper: r =>
            {
                r.Headers.Remove("X-Sdk-Date");
                r.Headers.Add("X-Sdk-Date", _clock.Now.AddSeconds(1).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            });
            Assert.Equal("APIG.0301", dateChanged.Code);
        }

        [Fact]
        public async Task UnsignedPayloadCountsOnlyWhenSigned()
        {
            var url = _service.V1 + "/training-jobs/1";
            var signedDeclaration = await _service.SendSignedAsync(HttpMethod.Put, url, null, tamper: r =>
            {
                r.Headers.Remove("Authorization");
                r.Headers.Add("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
                AkSkSigner.Sign(r, Array.Empty<byte>(), _service.Options.AccessKey, _service.Options.SecretKey, _clock.Now);
                r.Content = new StringContent("{\"job_desc\":\"anything\"}", Encoding.UTF8, "application/json");
            });
            Assert.Equal("ModelArts.0015", signedDeclaration.Code); // authenticated; job 1 does not exist

            var addedAfterSigning = await _service.SendSignedAsync(HttpMethod.Put, url, "{\"job_desc\":\"a\"}", tamper: r =>
            {
                r.Headers.Add("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
                r.Content = new StringContent("{\"job_desc\":\"b\"}", Encoding.UTF8, "application/json");
            });
            Assert.Equal("APIG.0301", addedAfterSigning.Code);
        }

        [Theory]
        [InlineData(-14, HttpStatusCode.OK)]
        [InlineData(14, HttpStatusCode.OK)]
        [InlineData(-16, HttpStatusCode.Unauthorized)]
        [InlineData(16, HttpStatusCode.Unauthorized)]
        public async Task SkewOfMoreThan15MinutesIsRefused(int minutes, HttpStatusCode expected)
        {
            var answer = await _service.SendSignedAsync(HttpMethod.Get, Engines, at: _clock.Now.AddMinutes(minutes));
            Assert.Equal(expected, answer.Status);
            if (expected != HttpStatusCode.OK)
            {
                Assert.Contains("15 minutes", answer.Str("error_msg"));
            }
        }

        [Fact]
        public async Task UnsignedDateAndUnknownKeyAreRefused()
        {
            var unsignedDate = await _service.SendSignedAsync(HttpMethod.Get, Engines, tamper: r =>
            {
                var auth = r.Headers.GetValues("Authorization").Single().Replace("host;x-sdk-date", "host");
                r.Headers.Remove("Authorization");
                r.Headers.TryAddWithoutValidation("Authorization", auth);
            });
            Assert.Contains("x-sdk-date", unsignedDate.Str("error_msg"));

            var unknown = await _service.SendSignedAsync(HttpMethod.Get, Engines, accessKey: "NOSUCHKEY");
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
            Assert.Contains("Get secretKey failed,ak:NOSUCHKEY,err:ak not exist", unknown.Str("error_msg"));

            var garbage = await _service.SendAsync(HttpMethod.Get, Engines, authenticate: false, adjust: r => r.Headers.TryAddWithoutValidation("Authorization", "Basic abc"));
            Assert.Equal("APIG.0301", garbage.Code);
        }

        [Fact]
        public async Task MoreThanFiveBadSignaturesLockTheKeyForFiveMinutesAgainstWrongSignaturesOnly()
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.EndsWith("verify aksk signature fail", (await _service.SendSignedAsync(HttpMethod.Get, Engines, secretKey: "wrong")).Str("error_msg"));
            }
            Assert.Equal(HttpStatusCode.OK, (await _service.SendSignedAsync(HttpMethod.Get, Engines)).Status); // a success resets the count

            for (var i = 0; i < 6; i++)
            {
                Assert.EndsWith("verify aksk signature fail", (await _service.SendSignedAsync(HttpMethod.Get, Engines, secretKey: "wrong")).Str("error_msg"));
            }
            var locked = await _service.SendSignedAsync(HttpMethod.Get, Engines, secretKey: "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, locked.Status);
            Assert.Contains("locked for another 300 s", locked.Str("error_msg"));
            // The key holder's own requests pass throughout (issue 15, item 3).
            Assert.Equal(HttpStatusCode.OK, (await _service.SendSignedAsync(HttpMethod.Get, Engines)).Status);

            for (var i = 0; i < 6; i++)
            {
                await _service.SendSignedAsync(HttpMethod.Get, Engines, secretKey: "wrong");
            }
            _clock.Now = _clock.Now.AddMinutes(4);
            Assert.Contains("locked for another 60 s", (await _service.SendSignedAsync(HttpMethod.Get, Engines, secretKey: "wrong")).Str("error_msg"));
            _clock.Now = _clock.Now.AddMinutes(1).AddSeconds(1);
            Assert.EndsWith("verify aksk signature fail", (await _service.SendSignedAsync(HttpMethod.Get, Engines, secretKey: "wrong")).Str("error_msg"));
            Assert.Equal(HttpStatusCode.OK, (await _service.GetAsync("/job/ai-engines")).Status); // tokens were never locked
        }

        [Fact]
        public async Task ProjectsByNameAcceptTokenOrAkSk()
        {
            var byToken = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v3/projects?name=local-1");
            Assert.Equal(TestService.ProjectId, byToken.Body.GetProperty("projects")[0].GetProperty("id").GetString());

            var bySignature = await _service.SendSignedAsync(HttpMethod.Get, _service.BaseUrl + "/v3/projects?name=local-1");
            Assert.Equal(HttpStatusCode.OK, bySignature.Status);
            Assert.Equal("local-1", bySignature.Body.GetProperty("projects")[0].GetProperty("name").GetString());

            var other = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v3/projects?name=eu-de");
            Assert.Equal(0, other.Body.GetProperty("projects").GetArrayLength());

            var anonymous = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v3/projects", authenticate: false);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
            Assert.Equal(401, anonymous.Body.GetProperty("error").GetProperty("code").GetInt32());
        }

        [Fact]
        public async Task TemporaryKeysNeedTheirSignedSecurityTokenAndExpire()
        {
            var url = _service.BaseUrl + "/v3.0/OS-CREDENTIAL/securitytokens";
            var issued = await _service.SendAsync(HttpMethod.Post, url, "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"duration_seconds\":900}}}}");
            Assert.Equal(HttpStatusCode.Created, issued.Status);
            var credential = issued.Body.GetProperty("credential");
            var (ak, sk, securityToken) = (credential.GetProperty("access").GetString()!, credential.GetProperty("secret").GetString()!, credential.GetProperty("securitytoken").GetString()!);

            var withToken = await _service.SendSignedAsync(HttpMethod.Get, Engines, accessKey: ak, secretKey: sk, prepare: r => r.Headers.Add("X-Security-Token", securityToken));
            Assert.Equal(HttpStatusCode.OK, withToken.Status);
            var withoutToken = await _service.SendSignedAsync(HttpMethod.Get, Engines, accessKey: ak, secretKey: sk);
            Assert.Contains("x-security-token", withoutToken.Str("error_msg"));
            var wrongToken = await _service.SendSignedAsync(HttpMethod.Get, Engines, accessKey: ak, secretKey: sk, prepare: r => r.Headers.Add("X-Security-Token", securityToken + "x"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.Status);

            _clock.Now = _clock.Now.AddMinutes(15).AddSeconds(1);
            var expired = await _service.SendSignedAsync(HttpMethod.Get, Engines, accessKey: ak, secretKey: sk, prepare: r => r.Headers.Add("X-Security-Token", securityToken));
            Assert.Contains("expired", expired.Str("error_msg"));

            var tooShort = await _service.SendAsync(HttpMethod.Post, url, "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"duration_seconds\":60}}}}");
            Assert.Equal(HttpStatusCode.BadRequest, tooShort.Status);
            var anonymous = await _service.SendAsync(HttpMethod.Post, url, "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"bogus\"}}}}", authenticate: false);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        }
    }
}
