using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests
{
    /// <summary>The built program as a separate process: killed with SIGKILL it loses nothing acknowledged; SIGTERM exits cleanly.</summary>
    public sealed class RestartTests : IDisposable
    {
        private readonly string _root = TestService.NewDirectory();

        public void Dispose() => Directory.Delete(_root, recursive: true);

        [Fact]
        public async Task SigkillLeavesRunningJobsLostAndEverythingElseIntact()
        {
            Put("test-bucket/done/code/train.py", "print('finished work')\n");
            Put("test-bucket/long/code/train.py", "import os, time\nprint('pid', os.getpid(), flush=True)\ntime.sleep(300)\n");
            Put("test-bucket/queued/code/train.py", "print('ran after restart')\n");
            Directory.CreateDirectory(Path.Combine(_root, "obs", "test-bucket", "data"));

            int sleeperPid;
            string token;
            long done, doneVersion, longJob, longVersion, queued, queuedVersion;
            using (var first = await ServiceProcess.StartAsync(_root))
            {
                token = await first.TokenAsync();
                (done, doneVersion) = await first.CreateAsync(token, "done");
                await first.WaitAsync(token, done, doneVersion, s => s == 10);
                (longJob, longVersion) = await first.CreateAsync(token, "long");
                await first.WaitAsync(token, longJob, longVersion, s => s == 8);
                (queued, queuedVersion) = await first.CreateAsync(token, "queued");
                Assert.Equal(7, await first.StatusAsync(token, queued, queuedVersion));
                sleeperPid = await first.WaitForPidAsync(token, longJob, longVersion);
                first.Process.Kill(); // SIGKILL: no shutdown code runs
                first.Process.WaitForExit();
            }
            try
            {
                using var second = await ServiceProcess.StartAsync(_root);
                Assert.Equal(10, await second.StatusAsync(token, done, doneVersion)); // the token survived too
                Assert.Equal(14, await second.StatusAsync(token, longJob, longVersion));
                Assert.Equal(10, await second.WaitAsync(token, queued, queuedVersion, s => s == 10));
                Assert.Contains("finished work\n", await second.LogAsync(token, done, doneVersion, "job-done.0"));
                var lost = await second.LogAsync(token, longJob, longVersion, "job-long.0");
                Assert.Contains("pid ", lost);
                Assert.Contains("the job is lost. 1 worker process(es) left over were ended.", lost);
                Assert.True(HasEnded(sleeperPid), "the worker left over by the killed service still runs");
                Assert.Contains("ran after restart", await second.LogAsync(token, queued, queuedVersion, "job-queued.0"));
            }
            finally
            {
                try
                {
                    Process.GetProcessById(sleeperPid).Kill();
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }

        [Fact]
        public async Task SigtermStopsRunningJobsAndExitsZero()
        {
            Put("test-bucket/long/code/train.py", "import time\nprint('sleeping', flush=True)\ntime.sleep(300)\n");
            Directory.CreateDirectory(Path.Combine(_root, "obs", "test-bucket", "data"));
            string token;
            long job, version;
            using (var first = await ServiceProcess.StartAsync(_root))
            {
                token = await first.TokenAsync();
                (job, version) = await first.CreateAsync(token, "long");
                await first.WaitAsync(token, job, version, s => s == 8);
                using (var kill = Process.Start("kill", new[] { "-TERM", first.Process.Id.ToString() }))
                {
                    kill!.WaitForExit();
                }
                Assert.True(first.Process.WaitForExit(20_000), "the service did not exit on SIGTERM");
                Assert.Equal(0, first.Process.ExitCode);
            }
            using var second = await ServiceProcess.StartAsync(_root);
            Assert.Equal(12, await second.StatusAsync(token, job, version));
            Assert.Contains("the local service shut down", await second.LogAsync(token, job, version, "job-long.0"));
        }

        private static bool HasEnded(int pid)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "))
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }
                System.Threading.Thread.Sleep(50);
            }
            return true;
        }

        private void Put(string key, string content)
        {
            var path = Path.Combine(_root, "obs", key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        /// <summary>The built ModelArts.Emulator.dll run with dotnet, as the interface describes.</summary>
        internal sealed class ServiceProcess : IDisposable
        {
            private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            private ServiceProcess(Process process, string baseUrl)
            {
                Process = process;
                BaseUrl = baseUrl;
            }

            public Process Process { get; }
            public string BaseUrl { get; }

            public static async Task<ServiceProcess> StartAsync(string root, params string[] options)
            {
                var dll = Path.Combine(AppContext.BaseDirectory, "ModelArts.Emulator.dll");
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--data-root", root, "--max-running-jobs", "1" }.Concat(options))
                {
                    start.ArgumentList.Add(arg);
                }
                var process = Process.Start(start)!;
                process.ErrorDataReceived += (_, _) => { };
                process.BeginErrorReadLine();
                const string ready = "ModelArts local service listening on ";
                var read = Task.Run(async () =>
                {
                    string? line;
                    while ((line = await process.StandardOutput.ReadLineAsync()) != null)
                    {
                        if (line.StartsWith(ready, StringComparison.Ordinal))
                        {
                            return line.Substring(ready.Length);
                        }
                    }
                    return null;
                });
                var url = await read.WaitAsync(TimeSpan.FromSeconds(60));
                Assert.NotNull(url);
                _ = process.StandardOutput.ReadToEndAsync();
                return new ServiceProcess(process, url!);
            }

            public async Task<string> TokenAsync()
            {
                var response = await _http.PostAsync(BaseUrl + "/v3/auth/tokens", new StringContent(TestService.PasswordBody(), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return response.Headers.GetValues("X-Subject-Token").Single();
            }

            public Task<(long, long)> CreateAsync(string token, string name) => CreateAsync(token, TestService.JobBody(name));

            public async Task<(long, long)> CreateAsync(string token, object body)
            {
                var answer = await Send(token, HttpMethod.Post, "/training-jobs", TestService.Json(body));
                return (answer.GetProperty("job_id").GetInt64(), answer.GetProperty("version_id").GetInt64());
            }

            public async Task<int> StatusAsync(string token, long job, long version) =>
                (await Send(token, HttpMethod.Get, $"/training-jobs/{job}/versions/{version}")).GetProperty("status").GetInt32();

            public async Task<int> WaitAsync(string token, long job, long version, Func<int, bool> done)
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                int status;
                while (!done(status = await StatusAsync(token, job, version)))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"status stayed {status}");
                    await Task.Delay(50);
                }
                return status;
            }

            public async Task<string> LogAsync(string token, long job, long version, string file) =>
                (await Send(token, HttpMethod.Get, $"/training-jobs/{job}/versions/{version}/aom-log?log_file={file}&lines=500")).GetProperty("content").GetString()!;

            public async Task<int> WaitForPidAsync(string token, long job, long version)
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (true)
                {
                    var line = (await LogAsync(token, job, version, "job-long.0")).Split('\n').FirstOrDefault(l => l.StartsWith("pid "));
                    if (line != null)
                    {
                        return int.Parse(line.Substring(4));
                    }
                    Assert.True(DateTime.UtcNow < deadline);
                    await Task.Delay(50);
                }
            }

            private Task<JsonElement> Send(string token, HttpMethod method, string relative, string? body = null) =>
                SendAsync(token, method, "/v1/" + TestService.ProjectId + relative, body);

            /// <summary>A call below the service's base URL (e.g. <c>/v2/{project_id}/…</c>) with the token; it must succeed.</summary>
            public async Task<JsonElement> SendAsync(string token, HttpMethod method, string path, string? body = null)
            {
                using var request = new HttpRequestMessage(method, BaseUrl + path);
                request.Headers.Add("X-Auth-Token", token);
                if (body != null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }
                var response = await _http.SendAsync(request);
                var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                Assert.True(response.IsSuccessStatusCode, json.ToString());
                return json;
            }

            public void Dispose()
            {
                _http.Dispose();
                if (!Process.HasExited)
                {
                    Process.Kill(entireProcessTree: true);
                    Process.WaitForExit();
                }
                Process.Dispose();
            }
        }
    }
}
