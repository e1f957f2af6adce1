using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using ModelArts.Emulator.Faults;

namespace ModelArts.Emulator.Tests
{
    /// <summary>Fault injection as the interface describes it, and the request log that shows it.</summary>
    public sealed class FaultTests : IAsyncLifetime
    {
        private TestService _service = null!;

        public async Task InitializeAsync() => _service = await TestService.StartAsync(o => o.MaxRunningJobs = 1);

        public async Task DisposeAsync() => await _service.DisposeAsync();

        private Task<Answer> SetFaults(object settings) => _service.SendAsync(HttpMethod.Put, _service.BaseUrl + "/_local/faults", TestService.Json(settings), authenticate: false);

        [Fact]
        public async Task ErrorRateOneAnswers500Or503()
        {
            await _service.TokenAsync();
            await SetFaults(new { error_rate = 1.0, seed = 7 });
            var statuses = new HashSet<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                var answer = await _service.GetAsync("/job/ai-engines");
                Assert.Equal("ModelArts.0010", answer.Code);
                statuses.Add(answer.Status);
            }
            Assert.Equal(new HashSet<HttpStatusCode> { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable }, statuses);

            // IAM and /_local/ are never faulted.
            Assert.Equal(HttpStatusCode.OK, (await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v3/projects")).Status);
            await _service.SendAsync(HttpMethod.Delete, _service.BaseUrl + "/_local/faults", authenticate: false);
            Assert.Equal(HttpStatusCode.OK, (await _service.GetAsync("/job/ai-engines")).Status);
        }

        [Fact]
        public async Task ThrottleAnswers429WithRetryAfter()
        {
            await _service.TokenAsync();
            await SetFaults(new { throttle_rate = 1.0, retry_after_seconds = 3 });
            var answer = await _service.GetAsync("/training-jobs");
            Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
            Assert.Equal(TimeSpan.FromSeconds(3), answer.Response.Headers.RetryAfter!.Delta);
            Assert.Equal("APIG.0308", answer.Code);
        }

        [Fact]
        public async Task DropDoesTheWorkButSendsNoAnswer()
        {
            await _service.TokenAsync();
            _service.PutObject("test-bucket/dropped/code/train.py", "print('hi')\n");
            System.IO.Directory.CreateDirectory(_service.ObsPath("test-bucket/data"));
            await SetFaults(new { drop_rate = 1.0 });
            await Assert.ThrowsAsync<HttpRequestException>(() => _service.PostAsync("/training-jobs", TestService.JobBody("dropped")));
            await SetFaults(new { });
            var list = await _service.GetAsync("/training-jobs?search_content=dropped");
            Assert.Equal(1, list.Body.GetProperty("job_total_count").GetInt32());

            var log = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/requests?since=0", authenticate: false);
            var create = log.Body.GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("method").GetString() == "POST" && r.GetProperty("path").GetString()!.EndsWith("/training-jobs"));
            Assert.Equal("drop", create.GetProperty("fault").GetString());
            Assert.Equal(200, create.GetProperty("status").GetInt32());
        }

        [Fact]
        public async Task LatencyIsAdded()
        {
            await _service.TokenAsync();
            await SetFaults(new { latency_ms = 300 });
            var watch = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK, (await _service.GetAsync("/job/ai-engines")).Status);
            Assert.True(watch.ElapsedMilliseconds >= 290);

            // OBS calls too (the rates and hangs never touch them; a transfer can be made slow enough to stop under way).
            _service.PutObject("test-bucket/latency/object.txt", "slow");
            var obs = new Obs.ObsClient(_service.Http, _service.BaseUrl, _service.Options.AccessKey, _service.Options.SecretKey);
            watch.Restart();
            Assert.Equal("slow", (await obs.GetAsync("test-bucket", "latency/object.txt")).Text);
            Assert.True(watch.ElapsedMilliseconds >= 290, $"the OBS GET took {watch.ElapsedMilliseconds} ms");
        }

        [Fact]
        public async Task HangNeverAnswers()
        {
            await _service.TokenAsync();
            await SetFaults(new { hang_rate = 1.0 });
            using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
            using var request = new HttpRequestMessage(HttpMethod.Get, _service.V1 + "/job/ai-engines");
            request.Headers.Add("X-Auth-Token", await _service.TokenAsync());
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => client.SendAsync(request));
        }

        [Fact]
        public async Task ASeededMixRepeatsExactly()
        {
            await _service.TokenAsync();
            var settings = new { error_rate = 0.2, throttle_rate = 0.2, seed = 42 };
            async Task<string> RunAsync()
            {
                await SetFaults(settings);
                var statuses = new List<int>();
                for (var i = 0; i < 30; i++)
                {
                    statuses.Add((int)(await _service.GetAsync("/job/resource-specs")).Status);
                }
                return string.Join(",", statuses);
            }
            var first = await RunAsync();
            Assert.Equal(first, await RunAsync());
            Assert.Contains("200", first);
            Assert.Contains("429", first);
            Assert.Matches("50[03]", first);
        }

        [Fact]
        public async Task OnlyAScriptNamingAQueryParameterFailsObsCallsAndInObsShape()
        {
            var obs = new Obs.ObsClient(_service.Http, _service.BaseUrl, _service.Options.AccessKey, _service.Options.SecretKey);
            await obs.CreateBucketAsync("faulty");
            await _service.TokenAsync();

            // A script of the training APIs passes OBS by and waits for their next call.
            await SetFaults(new { fail_next = 1, fail_as = "error" });
            Assert.Equal(HttpStatusCode.OK, (await obs.SendAsync(HttpMethod.Get, "/faulty", "prefix=a")).Status);
            Assert.Equal("ModelArts.0010", (await _service.GetAsync("/job/ai-engines")).Code);

            await SetFaults(new { fail_next = 1, fail_as = "throttle", fail_method = "GET", fail_query = "prefix" });
            Assert.Equal(HttpStatusCode.OK, (await obs.SendAsync(HttpMethod.Get, "/faulty")).Status);
            Assert.Equal(HttpStatusCode.OK, (await _service.GetAsync("/job/ai-engines")).Status);
            var slowed = await obs.SendAsync(HttpMethod.Get, "/faulty", "prefix=a");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, slowed.Status);
            Assert.Equal("SlowDown", slowed.Code);
            Assert.Equal(HttpStatusCode.OK, (await obs.SendAsync(HttpMethod.Get, "/faulty", "prefix=a")).Status);

            await SetFaults(new { fail_next = 1, fail_as = "error", fail_query = "prefix" });
            Assert.Equal("ServiceUnavailable", (await obs.SendAsync(HttpMethod.Get, "/faulty", "prefix=a")).Code);

            var log = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/requests?since=0", authenticate: false);
            var faulted = log.Body.GetProperty("requests").EnumerateArray()
                .Where(r => r.GetProperty("path").GetString() == "/faulty" && r.TryGetProperty("fault", out var fault) && fault.ValueKind == System.Text.Json.JsonValueKind.String)
                .Select(r => r.GetProperty("fault").GetString() + " " + r.GetProperty("status").GetInt32())
                .ToList();
            Assert.Equal(new[] { "throttle 503", "error 503" }, faulted);
        }

        [Fact]
        public async Task FaultSettingsAreValidated()
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await SetFaults(new { error_rate = 1.5 })).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await SetFaults(new { error_rate = 0.6, drop_rate = 0.6 })).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await SetFaults("{\"error_rate\":\"lots\"}")).Status);
            var current = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/faults", authenticate: false);
            Assert.Equal(0, current.Body.GetProperty("error_rate").GetDouble());
            Assert.Equal(HttpStatusCode.OK, (await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/health", authenticate: false)).Status);
        }

        [Fact]
        public async Task StartupOptionsInjectFaults()
        {
            await using var faulty = await TestService.StartAsync(o => o.Faults = new FaultSettings(ThrottleRate: 1, RetryAfterSeconds: 2));
            var answer = await faulty.GetAsync("/job/ai-engines");
            Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        }

        [Fact]
        public async Task RequestLogRecordsEveryRequestIncludingRejectedOnes()
        {
            await _service.SendAsync(HttpMethod.Get, _service.V1 + "/job/ai-engines", authenticate: false);
            await _service.GetAsync("/job/ai-engines?job_type=train");
            var log = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/requests?since=0", authenticate: false);
            var entries = log.Body.GetProperty("requests").EnumerateArray().ToList();
            Assert.Contains(entries, e => e.GetProperty("status").GetInt32() == 401);
            Assert.Contains(entries, e => e.GetProperty("path").GetString() == "/v3/auth/tokens" && e.GetProperty("status").GetInt32() == 201);
            var last = entries.Last(e => e.GetProperty("path").GetString()!.EndsWith("/job/ai-engines"));
            Assert.Equal("?job_type=train", last.GetProperty("query").GetString());
            Assert.Equal(32, last.GetProperty("request_id").GetString()!.Length);
            var seq = last.GetProperty("seq").GetInt64();
            var since = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/requests?since=" + seq, authenticate: false);
            Assert.All(since.Body.GetProperty("requests").EnumerateArray(), e => Assert.True(e.GetProperty("seq").GetInt64() > seq));
        }
    }
}
