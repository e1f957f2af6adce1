using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary>v2 jobs survive restarts; one that ran when the service was killed becomes Abnormal, a waiting one runs after the restart.</summary>
    public sealed class V2RestartTests : IDisposable
    {
        private readonly string _root = TestService.NewDirectory();

        public void Dispose() => Directory.Delete(_root, recursive: true);

        [Fact]
        public async Task SigkillLeavesTheRunningJobAbnormalAndKeepsTheOthers()
        {
            Put("test-bucket/done/code/train.py", "print('finished work')\n");
            Put("test-bucket/long/code/train.py", "import time\nprint('sleeping', flush=True)\ntime.sleep(300)\n");
            Put("test-bucket/queued/code/train.py", "print('ran after restart')\n");
            Directory.CreateDirectory(Path.Combine(_root, "obs", "test-bucket", "data"));
            string token, done, running, queued;
            using (var first = await RestartTests.ServiceProcess.StartAsync(_root))
            {
                token = await first.TokenAsync();
                done = await CreateAsync(first, token, "done");
                await WaitAsync(first, token, done, "Completed");
                running = await CreateAsync(first, token, "long");
                await WaitAsync(first, token, running, "Running");
                queued = await CreateAsync(first, token, "queued");
                Assert.Equal("Pending", await PhaseAsync(first, token, queued));
                await WaitForLineAsync(first, token, running, "sleeping");
                first.Process.Kill(); // SIGKILL: no shutdown code runs
                first.Process.WaitForExit();
            }
            using var second = await RestartTests.ServiceProcess.StartAsync(_root);
            Assert.Equal("Completed", await PhaseAsync(second, token, done));
            Assert.Equal("Abnormal", await PhaseAsync(second, token, running));
            Assert.Equal("Completed", await WaitAsync(second, token, queued, "Completed"));
            var lost = await LogAsync(second, token, running);
            Assert.Contains("the job is lost", lost);
            Assert.Contains("ran after restart", await LogAsync(second, token, queued));
            var events = await second.SendAsync(token, HttpMethod.Get, Path2($"/training-jobs/{running}/events?level=Error"));
            Assert.Equal(1, events.GetProperty("total").GetInt32());
        }

        private static string Path2(string relative) => "/v2/" + TestService.ProjectId + relative;

        private static async Task<string> CreateAsync(RestartTests.ServiceProcess service, string token, string name)
        {
            var created = await service.SendAsync(token, HttpMethod.Post, Path2("/training-jobs"), TestService.Json(V2Api.Body(name, outputs: Array.Empty<object>())));
            return created.GetProperty("metadata").GetProperty("id").GetString()!;
        }

        private static async Task<string> PhaseAsync(RestartTests.ServiceProcess service, string token, string id) =>
            (await service.SendAsync(token, HttpMethod.Get, Path2("/training-jobs/" + id))).GetProperty("status").GetProperty("phase").GetString()!;

        private static async Task<string> WaitAsync(RestartTests.ServiceProcess service, string token, string id, string phase)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string current;
            while ((current = await PhaseAsync(service, token, id)) != phase)
            {
                Assert.True(DateTime.UtcNow < deadline, $"phase stayed {current}");
                await Task.Delay(50);
            }
            return current;
        }

        private static async Task<string> LogAsync(RestartTests.ServiceProcess service, string token, string id) =>
            (await service.SendAsync(token, HttpMethod.Get, Path2($"/training-jobs/{id}/logs/worker-0?lines=500"))).GetProperty("content").GetString()!;

        private static async Task WaitForLineAsync(RestartTests.ServiceProcess service, string token, string id, string line)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    if ((await LogAsync(service, token, id)).Contains(line))
                    {
                        return;
                    }
                }
                catch (JsonException)
                {
                    // 204 before the first line: no body yet.
                }
                Assert.True(DateTime.UtcNow < deadline, "the job never printed " + line);
                await Task.Delay(50);
            }
        }

        private void Put(string key, string content)
        {
            var path = Path.Combine(_root, "obs", key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
    }
}
