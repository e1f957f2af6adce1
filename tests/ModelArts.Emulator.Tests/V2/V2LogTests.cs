using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary>v2 logs (preview, temporary URL with Range, line pages, following in both modes), events and metrics.</summary>
    public sealed class V2LogTests
    {
        private const string Counting = "import time\nfor i in range({0}):\n    print('line %d' % i, flush=True)\n    time.sleep({1})\n";

        [Fact]
        public async Task PreviewIsTheTailOfCompleteLinesWithinTheSizeLimit()
        {
            await using var service = await TestService.StartAsync(o => o.V2PreviewBytes = 100);
            var api = new V2Api(service);
            var id = await api.CreatePythonJobAsync("preview", string.Format(Counting, 30, 0));
            await api.WaitForEndAsync(id);
            var whole = await api.LogAsync(id);
            var preview = await api.GetAsync($"/training-jobs/{id}/tasks/worker-0/logs/preview");
            Assert.Equal(HttpStatusCode.OK, preview.Status);
            var content = preview.Str("content");
            var current = preview.Long("current_size");
            Assert.Equal(Encoding.UTF8.GetByteCount(whole), preview.Long("full_size"));
            Assert.True(current <= 100 && current > 0, current.ToString());
            Assert.Equal(current, Encoding.UTF8.GetByteCount(content));
            Assert.EndsWith(content, whole);
            Assert.Contains("\n" + content, "\n" + whole); // it starts at a line
            Assert.Equal("ModelArts.2818", (await api.GetAsync($"/training-jobs/{id}/tasks/worker-1/logs/preview")).Code);
        }

        [Fact]
        public async Task AJobThatHasNotStartedHasNoLogYet()
        {
            await using var service = await TestService.StartAsync(o => o.MaxRunningJobs = 1);
            var api = new V2Api(service);
            var blocker = await api.CreatePythonJobAsync("blocker", "import time\ntime.sleep(300)\n");
            await api.WaitForPhaseAsync(blocker, p => p == "Running");
            var queued = await api.CreatePythonJobAsync("queued", "print(1)\n");
            Assert.Equal("Pending", V2Api.Phase(await api.GetAsync("/training-jobs/" + queued)));
            foreach (var path in new[] { "tasks/worker-0/logs/preview", "tasks/worker-0/logs/url", "logs/worker-0", "metrics/worker-0" })
            {
                Assert.Equal(HttpStatusCode.NoContent, (await api.GetAsync($"/training-jobs/{queued}/{path}")).Status);
            }
            await api.PostAsync($"/training-jobs/{blocker}/actions", new { action_type = "terminate" });
        }

        [Fact]
        public async Task TheLogUrlServesTheWholeLogWithRangeForFiveMinutesOnly()
        {
            var clock = new ManualClock(DateTimeOffset.UtcNow);
            await using var service = await TestService.StartAsync(o => o.Clock = clock);
            var api = new V2Api(service);
            var id = await api.CreatePythonJobAsync("download", string.Format(Counting, 10, 0));
            await api.WaitForEndAsync(id);
            var whole = await api.LogAsync(id);
            var url = (await api.GetAsync($"/training-jobs/{id}/tasks/worker-0/logs/url")).Str("obs_url");
            Assert.Contains("AWSAccessKeyId=", url);
            using var http = new HttpClient();
            Assert.Equal(whole, await http.GetStringAsync(url));
            using var ranged = new HttpRequestMessage(HttpMethod.Get, url);
            ranged.Headers.Range = new RangeHeaderValue(5, 9);
            using var part = await http.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(whole.Substring(5, 5), await part.Content.ReadAsStringAsync());
            using var tampered = await http.GetAsync(url.Replace("Signature=", "Signature=x"));
            Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
            clock.Now = clock.Now.AddMinutes(6);
            using var expired = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        }

        [Fact]
        public async Task FollowingThroughLinePagesGetsEveryLineOnce()
        {
            await using var service = await TestService.StartAsync();
            var api = new V2Api(service);
            var id = await api.CreatePythonJobAsync("follow_pages", string.Format(Counting, 300, 0.002));
            var watch = Stopwatch.StartNew();
            var seen = new StringBuilder();
            string? end = null;
            var reads = 0;
            while (true)
            {
                var terminal = V2Api.IsTerminal(V2Api.Phase(await api.GetAsync("/training-jobs/" + id)));
                bool got;
                if (end == null)
                {
                    // The tail first, then back to the start with asc (contract §5), then forward with desc from its end.
                    var tail = await api.GetAsync($"/training-jobs/{id}/logs/worker-0?lines=7");
                    reads++;
                    got = tail.Status == HttpStatusCode.OK && tail.Long("lines") > 0;
                    if (got)
                    {
                        var pages = new List<string> { tail.Str("content") };
                        var start = tail.Str("start_line");
                        while (true)
                        {
                            var before = await api.GetAsync($"/training-jobs/{id}/logs/worker-0?base_line={start}&lines=7&order=asc");
                            reads++;
                            if (before.Long("lines") == 0)
                            {
                                break;
                            }
                            pages.Insert(0, before.Str("content"));
                            start = before.Str("start_line");
                        }
                        seen.Append(string.Concat(pages));
                        end = tail.Str("end_line");
                    }
                }
                else
                {
                    var page = await api.GetAsync($"/training-jobs/{id}/logs/worker-0?base_line={end}&lines=7&order=desc");
                    reads++;
                    got = page.Long("lines") > 0;
                    if (got)
                    {
                        seen.Append(page.Str("content"));
                        end = page.Str("end_line");
                    }
                }
                if (terminal && !got && end != null)
                {
                    break;
                }
                await Task.Delay(got ? 0 : 20);
            }
            AssertEveryLineOnce(seen.ToString(), 300);
            Console.WriteLine($"followed 300 lines through {reads} line pages in {watch.ElapsedMilliseconds} ms");
        }

        [Fact]
        public async Task FollowingThroughPreviewOnlyGetsEveryLineOnceAndThePagedLogIsAbsent()
        {
            await using var service = await TestService.StartAsync(o => o.V2PagedLog = false);
            var api = new V2Api(service);
            var id = await api.CreatePythonJobAsync("follow_preview", string.Format(Counting, 300, 0.002));
            var absent = await api.GetAsync($"/training-jobs/{id}/logs/worker-0");
            Assert.Equal(HttpStatusCode.NotFound, absent.Status);
            Assert.Equal("APIG.0101", absent.Code);
            var watch = Stopwatch.StartNew();
            var seen = new List<byte>();
            long size = 0;
            var reads = 0;
            while (true)
            {
                var terminal = V2Api.IsTerminal(V2Api.Phase(await api.GetAsync("/training-jobs/" + id)));
                var preview = await api.GetAsync($"/training-jobs/{id}/tasks/worker-0/logs/preview");
                reads++;
                var grown = 0L;
                if (preview.Status == HttpStatusCode.OK)
                {
                    var content = Encoding.UTF8.GetBytes(preview.Str("content"));
                    grown = preview.Long("full_size") - size;
                    Assert.True(grown <= content.Length, "the preview fell behind");
                    seen.AddRange(content.Skip(content.Length - (int)grown));
                    size += grown;
                }
                if (terminal && grown == 0 && preview.Status == HttpStatusCode.OK)
                {
                    break;
                }
                await Task.Delay(20);
            }
            var text = Encoding.UTF8.GetString(seen.ToArray());
            AssertEveryLineOnce(text, 300);
            Assert.Equal(await new HttpClient().GetStringAsync((await api.GetAsync($"/training-jobs/{id}/tasks/worker-0/logs/url")).Str("obs_url")), text);
            Console.WriteLine($"followed 300 lines through {reads} previews in {watch.ElapsedMilliseconds} ms");
        }

        [Fact]
        public async Task EventsAndMetricsDescribeTheRun()
        {
            await using var service = await TestService.StartAsync();
            var api = new V2Api(service);
            var id = await api.CreatePythonJobAsync("events", "print('x')\n");
            await api.WaitForEndAsync(id);
            var events = await api.GetAsync($"/training-jobs/{id}/events?order=asc");
            Assert.Equal(HttpStatusCode.OK, events.Status);
            var messages = events.Body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();
            Assert.Equal(new[] { "Job created.", "Job started running.", "Job ended: Completed." }, messages);
            Assert.Equal(0, (await api.GetAsync($"/training-jobs/{id}/events?level=Error")).Long("total"));
            Assert.Equal(1, (await api.GetAsync($"/training-jobs/{id}/events?pattern=started")).Long("total"));
            Assert.Equal("ModelArts.2764", (await api.GetAsync($"/training-jobs/{id}/events?limit=101")).Code);
            var metrics = await api.GetAsync($"/training-jobs/{id}/metrics/worker-0");
            Assert.Equal(HttpStatusCode.OK, metrics.Status);
            var names = metrics.Body.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("metric").GetString()).ToList();
            Assert.Equal(new[] { "cpuUsage", "memUsage", "gpuUtil", "gpuMemUsage" }, names);
            Assert.All(metrics.Body.GetProperty("metrics").EnumerateArray(), m => Assert.All(m.GetProperty("value").EnumerateArray(), v => Assert.Equal(-1, v.GetDouble())));
        }

        private static void AssertEveryLineOnce(string text, int count)
        {
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("line ", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, count).Select(i => "line " + i), lines);
        }
    }
}
