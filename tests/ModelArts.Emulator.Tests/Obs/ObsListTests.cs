using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Obs
{
    /// <summary>One service with 2,500 keys written as files (as a job would), in 25 folders plus a few whose names sort around '/'.</summary>
    public sealed class ListingFixture : IAsyncLifetime
    {
        internal TestService Service { get; private set; } = null!;
        public ObsClient Obs { get; private set; } = null!;
        public List<string> Keys { get; } = new List<string>();

        public async Task InitializeAsync()
        {
            Service = await TestService.StartAsync();
            Obs = new ObsClient(Service.Http, Service.BaseUrl, Service.Options.AccessKey, Service.Options.SecretKey);
            await Obs.CreateBucketAsync("listing");
            for (var folder = 0; folder < 25; folder++)
            {
                for (var file = 0; file < 100; file++)
                {
                    Keys.Add($"data/part-{folder:D2}/file-{file:D3}.bin");
                }
            }
            Keys.AddRange(new[] { "data.txt", "data-0", "data0", "top.txt" });
            foreach (var key in Keys)
            {
                var path = Service.ObsPath("listing/" + key);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, key);
            }
            Keys.Sort(StringComparer.Ordinal);
        }

        public async Task DisposeAsync() => await Service.DisposeAsync();
    }

    /// <summary>ListObjects v1 and v2 over 2,500 keys: paging, prefix, delimiter, markers, tokens and URL encoding.</summary>
    public sealed class ObsListTests : IClassFixture<ListingFixture>
    {
        private readonly ObsClient _obs;
        private readonly List<string> _keys;

        public ObsListTests(ListingFixture fixture)
        {
            _obs = fixture.Obs;
            _keys = fixture.Keys;
        }

        [Fact]
        public async Task V2PagesThroughEveryKeyInOrder()
        {
            var seen = new List<string>();
            string? token = null;
            var pages = 0;
            do
            {
                var answer = await _obs.SendAsync(HttpMethod.Get, "/listing", "list-type=2&max-keys=700" + (token == null ? "" : "&continuation-token=" + Uri.EscapeDataString(token)));
                Assert.Equal(HttpStatusCode.OK, answer.Status);
                var keys = answer.All("Key");
                Assert.Equal(keys.Count.ToString(), answer.One("KeyCount"));
                seen.AddRange(keys);
                token = answer.One("IsTruncated") == "true" ? answer.One("NextContinuationToken") : null;
                pages++;
            }
            while (token != null);
            Assert.Equal(_keys, seen);
            Assert.Equal(4, pages);
        }

        [Fact]
        public async Task V1PagesWithMarkerAndADelimiter()
        {
            var top = await _obs.SendAsync(HttpMethod.Get, "/listing", "delimiter=/");
            Assert.Equal(new[] { "data-0", "data.txt", "data0", "top.txt" }, top.All("Key"));
            Assert.Equal(new[] { "data/" }, top.Xml.Elements().Where(e => e.Name.LocalName == "CommonPrefixes").Select(e => e.Value));

            var folders = new List<string>();
            var marker = "";
            var pages = 0;
            while (true)
            {
                var answer = await _obs.SendAsync(HttpMethod.Get, "/listing", "prefix=data/&delimiter=/&max-keys=10" + (marker.Length == 0 ? "" : "&marker=" + Uri.EscapeDataString(marker)));
                var prefixes = answer.Xml.Elements().Where(e => e.Name.LocalName == "CommonPrefixes").Select(e => e.Value).ToList();
                Assert.Empty(answer.All("Contents"));
                folders.AddRange(prefixes);
                pages++;
                if (answer.One("IsTruncated") != "true")
                {
                    break;
                }
                marker = answer.One("NextMarker")!;
            }
            Assert.Equal(Enumerable.Range(0, 25).Select(i => $"data/part-{i:D2}/"), folders);
            Assert.Equal(3, pages);

            var inFolder = await _obs.SendAsync(HttpMethod.Get, "/listing", "prefix=data/part-07/&marker=data/part-07/file-049.bin");
            Assert.Equal(50, inFolder.All("Key").Count);
            Assert.Equal("data/part-07/file-050.bin", inFolder.All("Key")[0]);
        }

        [Fact]
        public async Task V2StartAfterPrefixAndOtherDelimiters()
        {
            var after = await _obs.SendAsync(HttpMethod.Get, "/listing", "list-type=2&prefix=data/part-24/&start-after=data/part-24/file-097.bin");
            Assert.Equal(new[] { "data/part-24/file-098.bin", "data/part-24/file-099.bin" }, after.All("Key"));
            Assert.Equal("false", after.One("IsTruncated"));

            var byDash = await _obs.SendAsync(HttpMethod.Get, "/listing", "list-type=2&prefix=data/part-03/file-00&delimiter=-");
            Assert.Equal(10, byDash.All("Key").Count);

            var rolled = await _obs.SendAsync(HttpMethod.Get, "/listing", "list-type=2&delimiter=-");
            var prefixes = rolled.Xml.Elements().Where(e => e.Name.LocalName == "CommonPrefixes").Select(e => e.Value).ToList();
            Assert.Equal(new[] { "data-", "data/part-" }, prefixes);
            Assert.Equal(new[] { "data.txt", "data0", "top.txt" }, rolled.All("Key"));
        }

        [Fact]
        public async Task MaxKeysIsCappedAndValidated()
        {
            var capped = await _obs.SendAsync(HttpMethod.Get, "/listing", "list-type=2&max-keys=5000");
            Assert.Equal(1000, capped.All("Key").Count);
            Assert.Equal("1000", capped.One("MaxKeys"));
            Assert.Equal("InvalidArgument", (await _obs.SendAsync(HttpMethod.Get, "/listing", "max-keys=many")).Code);
            Assert.Equal("InvalidArgument", (await _obs.SendAsync(HttpMethod.Get, "/listing", "list-type=2&continuation-token=%%%")).Code);
            Assert.Equal("NoSuchBucket", (await _obs.SendAsync(HttpMethod.Get, "/not-there", "list-type=2")).Code);
        }

        [Fact]
        public async Task EncodingTypeUrlEncodesKeys()
        {
            await _obs.CreateBucketAsync("encoded");
            await _obs.PutAsync("encoded", "sp ace/plus+é.txt", new byte[] { 1 });
            var answer = await _obs.SendAsync(HttpMethod.Get, "/encoded", "list-type=2&prefix=sp&encoding-type=url");
            Assert.Equal(new[] { "sp%20ace/plus%2B%C3%A9.txt" }, answer.All("Key"));
            Assert.Equal("url", answer.One("EncodingType"));
            var plain = await _obs.SendAsync(HttpMethod.Get, "/encoded", "list-type=2&prefix=sp");
            Assert.Equal(new[] { "sp ace/plus+é.txt" }, plain.All("Key"));
        }
    }
}
