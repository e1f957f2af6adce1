using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using ModelArts.Emulator.Options;

namespace ModelArts.Emulator.Tests.Obs
{
    /// <summary>
    /// Virtual-host style (<c>bucket.host</c>) beside path style, OBS on its own address with --obs-urls, and OBS bodies
    /// routed past the JSON APIs' body limit.
    /// </summary>
    public sealed class ObsAddressTests
    {
        [Theory]
        [InlineData(ObsScheme.V4)]
        [InlineData(ObsScheme.Obs)]
        public async Task VirtualHostStyleNamesTheBucketInTheHost(ObsScheme scheme)
        {
            await using var service = await TestService.StartAsync();
            var pathStyle = new ObsClient(service.Http, service.BaseUrl, service.Options.AccessKey, service.Options.SecretKey, scheme: scheme);
            await pathStyle.CreateBucketAsync("vhost-bucket");
            var virtualHost = pathStyle with { Host = "vhost-bucket." + new Uri(service.BaseUrl).Authority };

            Assert.Equal(HttpStatusCode.OK, (await virtualHost.SendAsync(HttpMethod.Put, "/dir/file.txt", "", Encoding.UTF8.GetBytes("virtual"))).Status);
            Assert.Equal("virtual", System.IO.File.ReadAllText(service.ObsPath("vhost-bucket/dir/file.txt")));
            Assert.Equal("virtual", (await virtualHost.SendAsync(HttpMethod.Get, "/dir/file.txt")).Text);
            Assert.Equal(new[] { "dir/file.txt" }, (await virtualHost.SendAsync(HttpMethod.Get, "/", "list-type=2")).All("Key"));
            // Under a bucket's host even /v1/… is a key.
            Assert.Equal(HttpStatusCode.OK, (await virtualHost.SendAsync(HttpMethod.Put, "/v1/not-an-api", "", new byte[] { 1 })).Status);
            Assert.Equal("virtual", (await pathStyle.GetAsync("vhost-bucket", "dir/file.txt")).Text);
        }

        [Fact]
        public async Task ObsOnItsOwnAddressLeavesTheServiceAddressToTheApis()
        {
            await using var service = await TestService.StartAsync(o => o.ObsUrls = "http://127.0.0.1:0");
            Assert.NotEqual(service.BaseUrl, service.ObsUrl);
            var obs = new ObsClient(service.Http, service.ObsUrl, service.Options.AccessKey, service.Options.SecretKey);
            Assert.Equal(HttpStatusCode.OK, (await obs.CreateBucketAsync("own-address")).Status);
            Assert.Equal(HttpStatusCode.OK, (await obs.PutAsync("own-address", "key", Encoding.UTF8.GetBytes("own"))).Status);
            Assert.Equal("own", (await obs.GetAsync("own-address", "key")).Text);
            Assert.Equal("InvalidBucketName", (await obs.SendAsync(HttpMethod.Put, "/v3.0")).Code);

            var onService = new ObsClient(service.Http, service.BaseUrl, service.Options.AccessKey, service.Options.SecretKey);
            var notObs = await onService.GetAsync("own-address", "key");
            Assert.Equal(HttpStatusCode.NotFound, notObs.Status);
            Assert.Contains("APIG.0101", notObs.Text);
            Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync(service.BaseUrl + "/_local/health")).StatusCode);
        }
    
        [Fact]
        public async Task ObsUrlsIsAnOptionAndAnAddressBeyondLoopbackNeedsAllowRemote()
        {
            var options = OptionsLoader.Load(new[] { "--obs-urls", "http://127.0.0.1:0" }, new KeyValuePair<string, string>[0])!;
            Assert.Equal(new[] { "http://127.0.0.1:0" }, options.ObsUrlList);
            var remote = new EmulatorOptions { Urls = "http://127.0.0.1:0", ObsUrls = "http://0.0.0.0:0", DataRoot = TestService.NewDirectory() };
            var refused = await Assert.ThrowsAsync<OptionsException>(() => EmulatorApp.StartAsync(remote));
            Assert.Contains("0.0.0.0", refused.Message);
        }

        [Fact]
        public async Task UploadsStreamPastTheJsonBodyLimit()
        {
            await using var service = await TestService.StartAsync(o => o.MaxBodyBytes = 1024);
            var obs = new ObsClient(service.Http, service.BaseUrl, service.Options.AccessKey, service.Options.SecretKey);
            await obs.CreateBucketAsync("streamed");
            var body = new byte[3 * 1024 * 1024];
            new Random(3).NextBytes(body);
            Assert.Equal(HttpStatusCode.OK, (await obs.PutAsync("streamed", "three-mb.bin", body)).Status);
            Assert.Equal(body, System.IO.File.ReadAllBytes(service.ObsPath("streamed/three-mb.bin")));
            var json = await service.SendAsync(HttpMethod.Post, service.V1 + "/training-jobs", new string('x', 2048));
            Assert.Equal("APIG.0201", json.Code);
        }
    }
}
