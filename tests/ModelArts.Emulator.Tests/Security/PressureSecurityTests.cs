using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Auth;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>
    /// Issue 15, items 4, 5, 9 and 13: what an anonymous or careless client sends cannot pin memory or CPU — bodies are
    /// judged by their headers first and time out, log lines are capped, long lists are refused by their length, URLs
    /// are logged cut. The figures under attack are measured against the service process by hand (see the issue note).
    /// </summary>
    public sealed class PressureSecurityTests : IAsyncLifetime
    {
        private TestService _service = null!;

        public async Task InitializeAsync() => _service = await TestService.StartAsync(o =>
        {
            o.BodyTimeout = TimeSpan.FromSeconds(2);
            o.MaxUnauthenticatedBodies = 2;
        });

        public async Task DisposeAsync() => await _service.DisposeAsync();

        /// <summary>Sends the head of a request that promises a body, and at most <paramref name="bodyPart"/> bytes of it.</summary>
        private async Task<TcpClient> StallAsync(string path, IEnumerable<string> headers, int promised, int bodyPart)
        {
            var uri = new Uri(_service.BaseUrl);
            var client = new TcpClient();
            await client.ConnectAsync(uri.Host, uri.Port);
            var head = $"POST {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {promised}\r\n"
                + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head + new string(' ', bodyPart)));
            return client;
        }

        /// <summary>The status line of the answer, or null when none came within a minute.</summary>
        private static async Task<string?> StatusLineAsync(TcpClient client)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var buffer = new byte[256];
            try
            {
                var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
                return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        private IEnumerable<string> SignatureHeaders()
        {
            var date = DateTime.UtcNow.ToString(AkSkSigner.DateFormat, CultureInfo.InvariantCulture);
            return new[]
            {
                "X-Sdk-Date: " + date,
                $"Authorization: SDK-HMAC-SHA256 Access={_service.Options.AccessKey}, SignedHeaders=host;x-sdk-date, Signature={new string('0', 64)}",
            };
        }

        [Fact]
        public async Task RequestWithoutCredentialsIsRefusedBeforeItsBody()
        {
            using var client = await StallAsync("/v1/" + TestService.ProjectId + "/training-jobs", Array.Empty<string>(), 100_000, 0);
            Assert.Equal("HTTP/1.1 401 Unauthorized", await StatusLineAsync(client));
        }

        [Fact]
        public async Task StalledBodiesTimeOutAndTokenCallersAreNotHeldUp()
        {
            await _service.TokenAsync();
            var stalled = new List<TcpClient>();
            try
            {
                for (var i = 0; i < 8; i++)
                {
                    stalled.Add(await StallAsync("/v1/" + TestService.ProjectId + "/training-jobs", SignatureHeaders(), 100_000, 1000));
                    stalled.Add(await StallAsync("/v3/auth/tokens", Array.Empty<string>(), 100_000, 1000));
                }
                // Both rationed turns are taken by stalled bodies; a caller with a valid token does not wait for them.
                var served = await _service.PostAsync("/training-jobs", new { job_name = "x" });
                Assert.Equal("ModelArts.0101", served.Code);

                var lines = await Task.WhenAll(stalled.Select(StatusLineAsync));
                Assert.All(lines, line => Assert.True(line is "HTTP/1.1 408 Request Timeout" or "HTTP/1.1 429 Too Many Requests", line ?? "no answer within a minute"));
                Assert.Contains("HTTP/1.1 408 Request Timeout", lines);
            }
            finally
            {
                stalled.ForEach(c => c.Dispose());
            }
        }

        [Fact]
        public async Task OverLongOutputLinesAreSplit()
        {
            const int length = 3 * 1024 * 1024;
            var (job, version) = await _service.CreatePythonJobAsync("longline", $"import sys\nsys.stdout.write('y' * {length})\n");
            Assert.Equal(10, (await _service.WaitForEndAsync(job, version)).Body.GetProperty("status").GetInt32());
            var lines = File.ReadAllLines(Path.Combine(_service.DataRoot, "jobs", job.ToString(CultureInfo.InvariantCulture), version.ToString(CultureInfo.InvariantCulture), "logs", "job-longline.0"))
                .Where(l => !l.StartsWith("[ModelArts Service Log]")).ToList();
            Assert.All(lines, l => Assert.True(l.Length <= Jobs.LogWriter.MaxLineChars, $"a line of {l.Length} characters"));
            Assert.Equal(length, lines.Sum(l => l.Length));
            var page = await _service.GetAsync($"/training-jobs/{job}/versions/{version}/aom-log?log_file=job-longline.0&lines=3");
            Assert.True(page.Str("content").Length <= 3 * (Jobs.LogWriter.MaxLineChars + 1));
        }

        [Fact]
        public async Task ParameterListIsRefusedByItsLengthFirst()
        {
            var parameters = Enumerable.Range(0, 30_000).Select(i => (i == 150 ? "-bad" : "p" + i, "v")).ToList();
            var answer = await _service.PostAsync("/training-jobs", TestService.JobBody("manyparams", parameters: parameters));
            Assert.Equal("ModelArts.0101", answer.Code);
            Assert.Contains("more than 100 entries", answer.Str("error_msg"));
        }

        [Fact]
        public async Task LoggedUrlsAreCut()
        {
            var since = (await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/requests?since=0", authenticate: false)).Body
                .GetProperty("requests").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).DefaultIfEmpty(0).Max();
            var longPath = "/v1/" + TestService.ProjectId + "/" + new string('a', 4000);
            await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _service.SendAsync(HttpMethod.Get, _service.BaseUrl + longPath + "?q=" + new string('b', 3000), authenticate: false)));
            var entries = (await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/requests?since=" + since, authenticate: false)).Body
                .GetProperty("requests").EnumerateArray().Where(e => e.GetProperty("path").GetString()!.StartsWith("/v1/")).ToList();
            Assert.Equal(50, entries.Count);
            Assert.All(entries, e =>
            {
                Assert.True(e.GetProperty("path").GetString()!.Length <= Http.RequestLog.MaxTextLength + 10);
                Assert.True(e.GetProperty("query").GetString()!.Length <= Http.RequestLog.MaxTextLength + 10);
            });
        }
    }
}
