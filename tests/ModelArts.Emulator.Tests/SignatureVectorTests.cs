using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ModelArts.Emulator.Auth;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Options;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Tests
{
    /// <summary>The published SDK vectors (modelarts-api.md §3.4) pass the gateway check; any changed byte fails it.</summary>
    public sealed class SignatureVectorTests
    {
        private const string V1Authorization = "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842";
        private const string V2Authorization = "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f";
        private const string V3Authorization = "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624";
        private const string V4Authorization = "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59";

        [Fact]
        public Task V1_GetWithHost() => AssertVerifies("GET", "/resources?size=1", "service.endpoint.myhuaweicloud.com", "20200608T023900Z", "", null, V1Authorization);

        [Fact]
        public Task V2_PostWithBody() => AssertVerifies("POST", "/resources?size=1", "service.endpoint.myhuaweicloud.com", "20200608T023900Z", "{\"name\":\"test\",\"id\":1}", null, V2Authorization);

        /// <summary>The Go SDK's vectors sign no host; the gateway requires it signed (issue 15, item 12), so they are refused, before the signature is checked.</summary>
        [Theory]
        [InlineData("GET", "/path?limit=1", "", null, V3Authorization)]
        [InlineData("POST", "/path?key=value", "{\"Name\":\"test\",\"Id\":1}\n", "application/json", V4Authorization)]
        public async Task V3V4_HostNotSignedIsRefused(string method, string target, string body, string? contentType, string authorization)
        {
            var e = await Assert.ThrowsAsync<ApiException>(() => VerifyAsync(method, target, "example.huaweicloud.com", "20060102T150405Z", body, contentType, authorization));
            Assert.Equal("APIG.0301", e.Code);
            Assert.Contains("host must be sent and signed", e.Message);
        }

        [Theory]
        [InlineData("GET", "/resources?size=2", "service.endpoint.myhuaweicloud.com", "")]
        [InlineData("GET", "/resources?size=1&x=1", "service.endpoint.myhuaweicloud.com", "")]
        [InlineData("GET", "/Resources?size=1", "service.endpoint.myhuaweicloud.com", "")]
        [InlineData("PUT", "/resources?size=1", "service.endpoint.myhuaweicloud.com", "")]
        [InlineData("GET", "/resources?size=1", "service.endpoint.myhuaweicloud.co", "")]
        [InlineData("GET", "/resources?size=1", "service.endpoint.myhuaweicloud.com", " ")]
        public async Task V1_AnyChangedByteFails(string method, string target, string host, string body)
        {
            var e = await Assert.ThrowsAsync<ApiException>(() => VerifyAsync(method, target, host, "20200608T023900Z", body, null, V1Authorization));
            Assert.Equal("APIG.0301", e.Code);
            Assert.Contains("verify aksk signature fail", e.Message);
        }

        [Fact]
        public async Task V2_ChangedBodyByteFails()
        {
            var e = await Assert.ThrowsAsync<ApiException>(() =>
                VerifyAsync("POST", "/resources?size=1", "service.endpoint.myhuaweicloud.com", "20200608T023900Z", "{\"name\":\"test\",\"id\":2}", null, V2Authorization));
            Assert.Equal(401, e.Status);
        }

        private static async Task AssertVerifies(string method, string target, string host, string date, string body, string? contentType, string authorization) =>
            await VerifyAsync(method, target, host, date, body, contentType, authorization);

        /// <summary>Runs the request through the body middleware and the verifier, with the clock at the vector's date.</summary>
        private static Task VerifyAsync(string method, string target, string host, string date, string body, string? contentType, string authorization)
        {
            var signedAt = DateTimeOffset.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
            var clock = new ManualClock(signedAt.AddMinutes(3));
            var options = new EmulatorOptions { AccessKey = "AccessKey", SecretKey = "SecretKey" };
            var credentials = new CredentialService(new CredentialStore(new Database(Path.Combine(TestService.NewDirectory(), "state.db"))), TimeSpan.FromHours(1), clock);
            var verifier = new AkSkVerifier(new Account(options), credentials, new Lockouts(FailureLockout.ForSignatures(true, clock), FailureLockout.ForPasswords(true, clock)), clock);

            var context = new DefaultHttpContext();
            context.Request.Method = method;
            context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
            context.Request.Headers["Host"] = host;
            context.Request.Headers["X-Sdk-Date"] = date;
            context.Request.Headers["TEST_UNDERSCORE"] = "TEST_VALUE";
            if (contentType != null)
            {
                context.Request.Headers.ContentType = contentType;
            }
            context.Request.Headers.Authorization = authorization;
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            var middleware = new RequestBody(c =>
            {
                verifier.Verify(c, authorization);
                return Task.CompletedTask;
            }, new BodyLimits(1024 * 1024, 4, TimeSpan.FromSeconds(30)));
            return middleware.InvokeAsync(context);
        }
    }
}
