using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Obs;

namespace ModelArts.Core.Tests
{
    // The OBS signature is the HMAC-SHA1 scheme of S3's V2; the vector is the one the S3 V2 guide publishes.
    public class ObsSignerTests
    {
        private static readonly KeyValuePair<string, string>[] NoHeaders = Array.Empty<KeyValuePair<string, string>>();

        [Fact]
        public void Signature_MatchesThePublishedV2Vector()
        {
            var stringToSign = ObsSigner.StringToSign("GET", null, null, "Tue, 27 Mar 2007 19:36:42 +0000", NoHeaders, "/johnsmith/photos/puppy.jpg", null);

            Assert.Equal("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg", stringToSign);
            Assert.Equal("bWq2s1WEIj+Ydj0vQ697zp+IXMU=", ObsSigner.Signature(stringToSign, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        }

        [Fact]
        public void StringToSign_SortsObsHeadersAndSubResources_AndLeavesOutOtherParameters()
        {
            var headers = new[]
            {
                new KeyValuePair<string, string>("X-Obs-Security-Token", " token "),
                new KeyValuePair<string, string>("x-obs-acl", "private"),
                new KeyValuePair<string, string>("Range", "bytes=0-1"),
            };

            var text = ObsSigner.StringToSign("PUT", "md5==", "application/octet-stream", "date", headers, "/bkt/a%20b", "?uploadId=u1&partNumber=2&prefix=x");

            Assert.Equal("PUT\nmd5==\napplication/octet-stream\ndate\nx-obs-acl:private\nx-obs-security-token:token\n/bkt/a%20b?partNumber=2&uploadId=u1", text);
        }

        [Fact]
        public void Sign_SetsDateTokenAndAuthorization_CoveringTheToken()
        {
            var now = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/bkt/key?uploads");

            ObsSigner.Sign(request, "/bkt/key", "AK", "SK", "TOKEN", now);

            var expected = ObsSigner.Signature("GET\n\n\nTue, 01 Dec 2026 10:00:00 GMT\nx-obs-security-token:TOKEN\n/bkt/key?uploads", "SK");
            Assert.Equal("OBS AK:" + expected, string.Join(",", request.Headers.GetValues("Authorization")));
            Assert.Equal("TOKEN", string.Join(",", request.Headers.GetValues("x-obs-security-token")));
        }

        [Theory]
        [InlineData("http://127.0.0.1:8443", "http://127.0.0.1:8443/bkt/dir/a%20b%C3%BC")]
        [InlineData("https://obs.eu-de.otc.t-systems.com", "https://bkt.obs.eu-de.otc.t-systems.com/dir/a%20b%C3%BC")]
        public void Addressing_IsPathStyleForIpsAndVirtualHostForNamedEndpoints_SigningTheSameResource(string endpoint, string expected)
        {
            var addressing = new ObsAddressing(new Uri(endpoint));

            var uri = addressing.Object("bkt", "dir/a bü", string.Empty);

            Assert.Equal(expected, uri.AbsoluteUri);
            Assert.Equal("/bkt/dir/a%20b%C3%BC", addressing.ResourcePath(uri));
        }

        [Fact]
        public void ErrorBody_ReadsObsXml_AndTheCodeDecidesNothingTheStatusDoesNot()
        {
            var e = ModelArtsException.FromResponse(404, "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>r-1</RequestId></Error>", null);

            Assert.Equal(ModelArtsErrorKind.NotFound, e.Kind);
            Assert.Equal("NoSuchKey", e.ErrorCode);
            Assert.Equal("r-1", e.RequestId);
            Assert.Equal("The specified key does not exist.", e.ServiceMessage);
        }

        [Fact]
        public async Task ETag_OfAFile_MatchesSingleAndMultipartForms()
        {
            var path = Path.GetTempFileName();
            try
            {
                var data = new byte[250 * 1024];
                new Random(14).NextBytes(data);
                File.WriteAllBytes(path, data);
                using var md5 = ObsETag.NewMd5();
                var whole = ObsETag.Hex(md5.ComputeHash(data));
                var partSize = 100 * 1024;
                var partHashes = new List<byte>();
                for (var offset = 0; offset < data.Length; offset += partSize)
                {
                    partHashes.AddRange(md5.ComputeHash(data, offset, Math.Min(partSize, data.Length - offset)));
                }

                var multipart = ObsETag.Hex(md5.ComputeHash(partHashes.ToArray())) + "-3";

                Assert.True(await ObsETag.MatchesAsync(path, data.Length, whole, partSize, default));
                Assert.True(await ObsETag.MatchesAsync(path, data.Length, multipart, partSize, default));
                Assert.False(await ObsETag.MatchesAsync(path, data.Length, multipart.Replace("-3", "-4"), partSize, default));
                Assert.False(await ObsETag.MatchesAsync(path, data.Length + 1, whole, partSize, default));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
