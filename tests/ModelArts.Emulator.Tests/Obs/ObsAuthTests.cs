using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Obs
{
    /// <summary>The OBS signature, AWS V2 and V4 (headers and pre-signed URLs), skew, temporary keys, and aws-chunked bodies.</summary>
    public sealed class ObsAuthTests : IAsyncLifetime
    {
        private TestService _service = null!;
        private ObsClient _obs = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync();
            _obs = new ObsClient(_service.Http, _service.BaseUrl, _service.Options.AccessKey, _service.Options.SecretKey);
            await _obs.CreateBucketAsync("auth");
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Theory]
        [InlineData(ObsScheme.Obs)]
        [InlineData(ObsScheme.AwsV2)]
        [InlineData(ObsScheme.V4)]
        public async Task EverySchemeSignsEveryKindOfRequest(ObsScheme scheme)
        {
            var client = _obs.With(scheme);
            var key = "signed/" + scheme + " key+1.txt";
            var body = Encoding.UTF8.GetBytes("signed with " + scheme);
            var put = await client.PutAsync("auth", key, body, new Dictionary<string, string>
            {
                ["Content-Type"] = "text/plain",
                ["Content-MD5"] = ObsClient.Md5Base64(body),
                [(scheme == ObsScheme.Obs ? "x-obs-" : "x-amz-") + "meta-scheme"] = scheme.ToString(),
            });
            Assert.True(put.Status == HttpStatusCode.OK, put.Text);
            var get = await client.GetAsync("auth", key);
            Assert.Equal(body, get.Body);
            Assert.Equal(scheme.ToString(), get.Header((scheme == ObsScheme.Obs ? "x-obs-" : "x-amz-") + "meta-scheme"));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/auth", "prefix=signed/&max-keys=10")).Status);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/auth", "location")).Status);
            var uploadId = (await client.SendAsync(HttpMethod.Post, ObsClient.Path("auth", key), "uploads")).One("UploadId");
            Assert.NotNull(uploadId);
            Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, ObsClient.Path("auth", key), "uploadId=" + uploadId)).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, ObsClient.Path("auth", key))).Status);
        }

        [Theory]
        [InlineData(ObsScheme.Obs)]
        [InlineData(ObsScheme.AwsV2)]
        [InlineData(ObsScheme.V4)]
        public async Task AWrongSecretAnUnknownKeyAndSkewAreRefused(ObsScheme scheme)
        {
            var wrong = await (_obs.With(scheme) with { SecretKey = "not-the-secret" }).GetAsync("auth", "x");
            Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
            Assert.Equal("SignatureDoesNotMatch", wrong.Code);
            Assert.False(string.IsNullOrEmpty(wrong.One("StringToSign")));
            Assert.DoesNotContain(_service.Options.SecretKey, wrong.Text);

            var unknown = await (_obs.With(scheme) with { AccessKey = "UNKNOWNKEY" }).GetAsync("auth", "x");
            Assert.Equal(HttpStatusCode.Forbidden, unknown.Status);
            Assert.Equal("InvalidAccessKeyId", unknown.Code);

            var skewed = await (_obs.With(scheme) with { Clock = () => DateTimeOffset.UtcNow.AddMinutes(16) }).GetAsync("auth", "x");
            Assert.Equal(HttpStatusCode.Forbidden, skewed.Status);
            Assert.Equal("RequestTimeTooSkewed", skewed.Code);
            var withinSkew = await (_obs.With(scheme) with { Clock = () => DateTimeOffset.UtcNow.AddMinutes(-14) }).GetAsync("auth", "x");
            Assert.Equal("NoSuchKey", withinSkew.Code);

            var tampered = await _obs.With(scheme).SendAsync(HttpMethod.Get, "/auth/x", "", null, null, r => r.RequestUri = new Uri(_service.BaseUrl + "/auth/y"));
            Assert.Equal("SignatureDoesNotMatch", tampered.Code);
        }

        [Fact]
        public async Task V4NamesTheServicesRegionAndAnonymousCallsAreDenied()
        {
            var otherRegion = await (_obs with { Region = "eu-de" }).GetAsync("auth", "x");
            Assert.Equal(HttpStatusCode.BadRequest, otherRegion.Status);
            Assert.Equal("AuthorizationHeaderMalformed", otherRegion.Code);
            Assert.Equal("local-1", otherRegion.One("Region"));

            var anonymous = await _service.Http.GetAsync(_service.BaseUrl + "/auth/x");
            Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
            Assert.Contains("<Code>AccessDenied</Code>", await anonymous.Content.ReadAsStringAsync());
            var unsupported = new HttpRequestMessage(HttpMethod.Get, _service.BaseUrl + "/auth/x");
            unsupported.Headers.TryAddWithoutValidation("Authorization", "Bearer abc");
            Assert.Equal(HttpStatusCode.BadRequest, (await _service.Http.SendAsync(unsupported)).StatusCode);

            // The OBS SDKs probe the API version without credentials before they choose a signature.
            var probe = await _service.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, _service.BaseUrl + "/auth?apiversion"));
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            Assert.Equal("3.0", probe.Headers.GetValues("x-obs-api").Single());
        }

        [Fact]
        public async Task AV4RequestWithoutABodyMayLeaveOutThePayloadHashHeader()
        {
            await _obs.PutAsync("auth", "no-hash.txt", Encoding.UTF8.GetBytes("as curl asks"));
            var bare = _obs with { SendPayloadHash = false };
            Assert.Equal("as curl asks", (await bare.GetAsync("auth", "no-hash.txt")).Text);
            var withBody = await bare.PutAsync("auth", "no-hash-put.txt", new byte[] { 1 });
            Assert.Equal(HttpStatusCode.BadRequest, withBody.Status);
            Assert.Equal("InvalidRequest", withBody.Code);
        }

        [Fact]
        public async Task PresignedUrlsOfEverySchemeWorkUntilTheyExpire()
        {
            await _obs.PutAsync("auth", "shared/file.txt", Encoding.UTF8.GetBytes("shared"));
            var path = ObsClient.Path("auth", "shared/file.txt");
            foreach (var url in new[]
            {
                _obs.PresignV2("GET", path, DateTimeOffset.UtcNow.AddMinutes(5), obs: true),
                _obs.PresignV2("GET", path, DateTimeOffset.UtcNow.AddMinutes(5), obs: false),
                _obs.PresignV4("GET", path, 300),
            })
            {
                var answer = await _service.Http.GetAsync(url);
                Assert.True(answer.StatusCode == HttpStatusCode.OK, url + "\n" + await answer.Content.ReadAsStringAsync());
                Assert.Equal("shared", await answer.Content.ReadAsStringAsync());
                var tampered = await _service.Http.GetAsync(url.Replace("/shared/file.txt", "/shared/other.txt"));
                Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
            }
            var expiredV2 = await _service.Http.GetAsync(_obs.PresignV2("GET", path, DateTimeOffset.UtcNow.AddSeconds(-1), obs: true));
            Assert.Equal(HttpStatusCode.Forbidden, expiredV2.StatusCode);
            Assert.Contains("expired", await expiredV2.Content.ReadAsStringAsync());
            var expiredV4 = await _service.Http.GetAsync((_obs with { Clock = () => DateTimeOffset.UtcNow.AddMinutes(-10) }).PresignV4("GET", path, 60));
            Assert.Equal(HttpStatusCode.Forbidden, expiredV4.StatusCode);
            Assert.Contains("expired", await expiredV4.Content.ReadAsStringAsync());

            var putUrl = _obs.PresignV4("PUT", ObsClient.Path("auth", "shared/uploaded.txt"), 300);
            var uploaded = await _service.Http.PutAsync(putUrl, new ByteArrayContent(Encoding.UTF8.GetBytes("via url")));
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
            Assert.Equal("via url", File.ReadAllText(_service.ObsPath("auth/shared/uploaded.txt")));
        }

        [Fact]
        public async Task TemporaryKeysNeedTheirSecurityToken()
        {
            var issued = await _service.SendAsync(HttpMethod.Post, _service.BaseUrl + "/v3.0/OS-CREDENTIAL/securitytokens",
                "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"duration_seconds\":900}}}}");
            Assert.Equal(HttpStatusCode.Created, issued.Status);
            var credential = issued.Body.GetProperty("credential");
            var temporary = _obs with
            {
                AccessKey = credential.GetProperty("access").GetString()!,
                SecretKey = credential.GetProperty("secret").GetString()!,
            };
            var token = credential.GetProperty("securitytoken").GetString()!;
            foreach (var scheme in new[] { ObsScheme.Obs, ObsScheme.AwsV2, ObsScheme.V4 })
            {
                var withToken = temporary.With(scheme) with { SecurityToken = token };
                Assert.Equal(HttpStatusCode.OK, (await withToken.PutAsync("auth", "temp/" + scheme, new byte[] { 1, 2, 3 })).Status);
                Assert.Equal(new byte[] { 1, 2, 3 }, (await withToken.GetAsync("auth", "temp/" + scheme)).Body);
                Assert.Equal("InvalidToken", (await temporary.With(scheme).GetAsync("auth", "temp/" + scheme)).Code);
                Assert.Equal("InvalidToken", (await (temporary.With(scheme) with { SecurityToken = token + "x" }).GetAsync("auth", "temp/" + scheme)).Code);
            }
            var presigned = (temporary with { SecurityToken = token }).PresignV4("GET", ObsClient.Path("auth", "temp/V4"), 60);
            Assert.Equal(HttpStatusCode.OK, (await _service.Http.GetAsync(presigned)).StatusCode);
            var presignedObs = (temporary with { SecurityToken = token }).PresignV2("GET", ObsClient.Path("auth", "temp/V4"), DateTimeOffset.UtcNow.AddMinutes(1), obs: true);
            Assert.Equal(HttpStatusCode.OK, (await _service.Http.GetAsync(presignedObs)).StatusCode);

            // The token is a credential: neither an error body nor the request log repeats it.
            var mismatch = await (temporary.With(ObsScheme.Obs) with { SecurityToken = token, SecretKey = "wrong" }).GetAsync("auth", "temp/V4");
            Assert.Equal("SignatureDoesNotMatch", mismatch.Code);
            Assert.DoesNotContain(token, mismatch.Text);
            var log = await _service.Http.GetStringAsync(_service.BaseUrl + "/_local/requests?since=0");
            Assert.Contains("(redacted)", log);
            Assert.DoesNotContain(token, log);
        }

        [Fact]
        public async Task SignedAwsChunkedBodiesAreDecodedAndEveryChunkIsChecked()
        {
            var payload = new byte[200_000];
            new Random(7).NextBytes(payload);
            var answer = await PutChunkedAsync("chunked/good.bin", payload, tamperChunk: false);
            Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
            Assert.Equal(payload, File.ReadAllBytes(_service.ObsPath("auth/chunked/good.bin")));
            Assert.Equal("\"" + ObsClient.Md5Hex(payload) + "\"", answer.Header("ETag"));
            Assert.Null((await _obs.GetAsync("auth", "chunked/good.bin")).Header("Content-Encoding"));

            var bad = await PutChunkedAsync("chunked/bad.bin", payload, tamperChunk: true);
            Assert.Equal(HttpStatusCode.Forbidden, bad.Status);
            Assert.Equal("SignatureDoesNotMatch", bad.Code);
            Assert.False(File.Exists(_service.ObsPath("auth/chunked/bad.bin")));
        }

        [Fact]
        public async Task UnsignedChunksWithATrailerAreDecodedAndFramingIsNeverStored()
        {
            var payload = Encoding.UTF8.GetBytes("hello aws-chunked world");
            var framed = Encoding.ASCII.GetBytes(payload.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n")
                .Concat(payload).Concat(Encoding.ASCII.GetBytes("\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n")).ToArray();
            var headers = new Dictionary<string, string>
            {
                ["Content-Encoding"] = "aws-chunked",
                ["x-amz-content-sha256"] = "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                ["x-amz-decoded-content-length"] = payload.Length.ToString(CultureInfo.InvariantCulture),
                ["x-amz-trailer"] = "x-amz-checksum-crc32",
            };
            var answer = await _obs.SendAsync(HttpMethod.Put, "/auth/chunked/trailer.txt", "", framed, headers);
            Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
            Assert.Equal(payload, File.ReadAllBytes(_service.ObsPath("auth/chunked/trailer.txt")));

            // Without a V4 streaming signature the framing cannot be checked: refused, not stored as it came.
            var v2 = await _obs.With(ObsScheme.AwsV2).SendAsync(HttpMethod.Put, "/auth/chunked/v2.txt", "", framed,
                new Dictionary<string, string> { ["Content-Encoding"] = "aws-chunked" });
            Assert.Equal(HttpStatusCode.BadRequest, v2.Status);
            Assert.Equal("InvalidRequest", v2.Code);
            Assert.False(File.Exists(_service.ObsPath("auth/chunked/v2.txt")));
        }

        private async Task<ObsAnswer> PutChunkedAsync(string key, byte[] payload, bool tamperChunk)
        {
            var headers = new Dictionary<string, string>
            {
                ["Content-Encoding"] = "aws-chunked",
                ["x-amz-content-sha256"] = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                ["x-amz-decoded-content-length"] = payload.Length.ToString(CultureInfo.InvariantCulture),
            };
            return await _obs.SendAsync(HttpMethod.Put, ObsClient.Path("auth", key), "", Array.Empty<byte>(), headers, request =>
            {
                var day = _obs.LastAmzDate.Substring(0, 8);
                var scope = $"{day}/local-1/s3/aws4_request";
                var key4 = _obs.V4SigningKey(day);
                var previous = _obs.LastSeedSignature;
                var body = new MemoryStream();
                var chunks = payload.Chunk(65536).Append(Array.Empty<byte>()).ToList();
                foreach (var chunk in chunks)
                {
                    var stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + _obs.LastAmzDate + "\n" + scope + "\n" + previous + "\n"
                        + ObsClient.Sha256Hex(Array.Empty<byte>()) + "\n" + ObsClient.Sha256Hex(chunk);
                    previous = Convert.ToHexString(HMACSHA256.HashData(key4, Encoding.UTF8.GetBytes(stringToSign))).ToLowerInvariant();
                    body.Write(Encoding.ASCII.GetBytes(chunk.Length.ToString("x", CultureInfo.InvariantCulture) + ";chunk-signature=" + previous + "\r\n"));
                    var data = chunk.ToArray();
                    if (tamperChunk && data.Length > 0 && chunk == chunks[1])
                    {
                        data[0] ^= 0xFF;
                    }
                    body.Write(data);
                    body.Write(Encoding.ASCII.GetBytes("\r\n"));
                }
                request.Content = new ByteArrayContent(body.ToArray());
                request.Content.Headers.ContentEncoding.Add("aws-chunked");
            });
        }
    }
}
