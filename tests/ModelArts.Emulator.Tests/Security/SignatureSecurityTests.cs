using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using ModelArts.Core.Auth;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>Issue 15, items 2, 3 and 12: what a signature covers, and a lockout that cannot shut out the key holder.</summary>
    public sealed class SignatureSecurityTests : IAsyncLifetime
    {
        private readonly ManualClock _clock = new ManualClock(DateTimeOffset.UtcNow);
        private TestService _service = null!;

        private string Engines => _service.V1 + "/job/ai-engines";

        public async Task InitializeAsync() => _service = await TestService.StartAsync(o => o.Clock = _clock);

        public async Task DisposeAsync() => await _service.DisposeAsync();

        private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

        [Fact]
        public async Task DeclaredPayloadHashMustBeTheBodys()
        {
            const string signedBody = "{\"job_name\":\"a\"}";
            var swapped = await _service.SendSignedAsync(HttpMethod.Post, _service.V1 + "/training-jobs", signedBody,
                prepare: r => r.Headers.Add("X-Sdk-Content-Sha256", Sha256(signedBody)),
                tamper: r => r.Content = new StringContent("{\"job_name\":\"b\"}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, swapped.Status);
            Assert.Equal("APIG.0301", swapped.Code);
            Assert.Contains("x-sdk-content-sha256 does not match", swapped.Str("error_msg"));

            // The right hash, and UNSIGNED-PAYLOAD, still reach the endpoint (which then judges the body).
            var honest = await _service.SendSignedAsync(HttpMethod.Post, _service.V1 + "/training-jobs", signedBody,
                prepare: r => r.Headers.Add("X-Sdk-Content-Sha256", Sha256(signedBody).ToUpperInvariant()));
            Assert.Equal("ModelArts.0101", honest.Code);
            var unsigned = await _service.SendSignedAsync(HttpMethod.Post, _service.V1 + "/training-jobs", signedBody,
                prepare: r => r.Headers.Add("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"));
            Assert.Equal("ModelArts.0101", unsigned.Code);
        }

        [Fact]
        public async Task PlusInTheQueryIsASpaceWhenSignaturesAreChecked()
        {
            var signedForPlusSign = await _service.SendSignedAsync(HttpMethod.Get, _service.V1 + "/training-jobs?search_content=a%2Bb",
                tamper: r => r.RequestUri = new Uri(_service.V1 + "/training-jobs?search_content=a+b"));
            Assert.Equal(HttpStatusCode.Unauthorized, signedForPlusSign.Status);
            Assert.Contains("signature fail", signedForPlusSign.Str("error_msg"));

            // A client that signs "a b" and sends the space as '+' is served.
            var signedForSpace = await _service.SendSignedAsync(HttpMethod.Get, _service.V1 + "/training-jobs?search_content=a%20b",
                tamper: r => r.RequestUri = new Uri(_service.V1 + "/training-jobs?search_content=a+b"));
            Assert.Equal(HttpStatusCode.OK, signedForSpace.Status);
        }

        [Fact]
        public async Task HostMustBeSigned()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Engines);
            var date = _clock.Now.UtcDateTime.ToString(AkSkSigner.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
            request.Headers.Add("X-Sdk-Date", date);
            var headers = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("X-Sdk-Date", date) };
            request.Headers.TryAddWithoutValidation("Authorization",
                AkSkSigner.ComputeAuthorization("GET", request.RequestUri!, headers, Array.Empty<byte>(), _service.Options.AccessKey, _service.Options.SecretKey));
            var answer = await TestService.ReadAsync(await _service.Http.SendAsync(request));
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Contains("host must be sent and signed", answer.Str("error_msg"));
        }

        [Fact]
        public async Task ConcurrentBadSignaturesGetExactlySixChecks()
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 128).Select(_ => _service.SendSignedAsync(HttpMethod.Get, Engines, secretKey: "wrong")));
            var messages = answers.Select(a => a.Str("error_msg")).ToList();
            Assert.Equal(6, messages.Count(m => m.EndsWith("verify aksk signature fail", StringComparison.Ordinal)));
            Assert.Equal(122, messages.Count(m => m.Contains("locked for another")));
            Assert.Equal(HttpStatusCode.OK, (await _service.SendSignedAsync(HttpMethod.Get, Engines)).Status);
        }

        [Fact]
        public async Task WrongPasswordsLockTheUserForFifteenMinutes()
        {
            var tokens = _service.BaseUrl + "/v3/auth/tokens";
            for (var i = 0; i < 5; i++)
            {
                var wrong = await _service.SendAsync(HttpMethod.Post, tokens, TestService.PasswordBody(password: "guess" + i), authenticate: false);
                Assert.Equal("The username or password is wrong.", wrong.Body.GetProperty("error").GetProperty("message").GetString());
            }
            var locked = await _service.SendAsync(HttpMethod.Post, tokens, TestService.PasswordBody(), authenticate: false);
            Assert.Equal(HttpStatusCode.Unauthorized, locked.Status);
            Assert.Contains("locked for another 900 s", locked.Body.GetProperty("error").GetProperty("message").GetString());

            _clock.Now = _clock.Now.AddMinutes(15).AddSeconds(1);
            Assert.Equal(HttpStatusCode.Created, (await _service.SendAsync(HttpMethod.Post, tokens, TestService.PasswordBody(), authenticate: false)).Status);
        }

        [Fact]
        public async Task LockoutCanBeTurnedOff()
        {
            await using var service = await TestService.StartAsync(o => o.Lockout = false);
            for (var i = 0; i < 10; i++)
            {
                Assert.EndsWith("verify aksk signature fail", (await service.SendSignedAsync(HttpMethod.Get, service.V1 + "/job/ai-engines", secretKey: "wrong")).Str("error_msg"));
                await service.SendAsync(HttpMethod.Post, service.BaseUrl + "/v3/auth/tokens", TestService.PasswordBody(password: "guess"), authenticate: false);
            }
            Assert.Equal(HttpStatusCode.Created, (await service.SendAsync(HttpMethod.Post, service.BaseUrl + "/v3/auth/tokens", TestService.PasswordBody(), authenticate: false)).Status);
        }
    }
}
