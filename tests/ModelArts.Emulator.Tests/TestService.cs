using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Emulator.Options;

namespace ModelArts.Emulator.Tests
{
    /// <summary>A clock the tests move by hand.</summary>
    public sealed class ManualClock : TimeProvider
    {
        public ManualClock(DateTimeOffset now) => Now = now;

        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>An answer with its parsed JSON body.</summary>
    public sealed record Answer(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)
    {
        public string Code => Body.TryGetProperty("error_code", out var c) ? c.GetString()! : "";

        public long Long(string name) => Body.GetProperty(name).GetInt64();

        public string Str(string name) => Body.GetProperty(name).GetString()!;
    }

    /// <summary>The local service started in-process on an ephemeral loopback port, over a fresh data root.</summary>
    internal sealed class TestService : IAsyncDisposable
    {
        public const string ProjectId = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

        private RunningEmulator _emulator = null!;
        private string? _token;

        private TestService(EmulatorOptions options) => Options = options;

        public EmulatorOptions Options { get; }
        public HttpClient Http { get; } = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        public string BaseUrl => _emulator.BaseUrl;
        public string ObsUrl => _emulator.ObsAddresses[0];
        public string DataRoot => Options.DataRoot;
        public string V1 => BaseUrl + "/v1/" + ProjectId;

        public static async Task<TestService> StartAsync(Action<EmulatorOptions>? configure = null, string? dataRoot = null)
        {
            var options = new EmulatorOptions
            {
                Urls = "http://127.0.0.1:0",
                DataRoot = dataRoot ?? NewDirectory(),
                Python = "python3",
            };
            configure?.Invoke(options);
            var service = new TestService(options);
            service._emulator = await EmulatorApp.StartAsync(options);
            return service;
        }

        public static string NewDirectory()
        {
            var path = Path.Combine(Path.GetTempPath(), "ma-emulator-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(path);
            return path;
        }

        /// <summary>Writes a file under <c>&lt;data-root&gt;/obs/</c>, e.g. <c>bucket/code/train.py</c>.</summary>
        public string PutObject(string key, string content)
        {
            var path = Path.Combine(DataRoot, "obs", key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content.Replace("\r\n", "\n"));
            return path;
        }

        public string ObsPath(string key) => Path.Combine(DataRoot, "obs", key);

        public async Task<string> TokenAsync()
        {
            if (_token != null)
            {
                return _token;
            }
            var answer = await SendAsync(HttpMethod.Post, BaseUrl + "/v3/auth/tokens", PasswordBody(), authenticate: false);
            Assert.Equal(HttpStatusCode.Created, answer.Status);
            return _token = answer.Response.Headers.GetValues("X-Subject-Token").Single();
        }

        public static string PasswordBody(string user = "ma-user", string password = "ma-password", string scope = "{\"project\":{\"name\":\"local-1\"}}") =>
            "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"" + user + "\",\"password\":\"" + password +
            "\",\"domain\":{\"name\":\"ma-domain\"}}}},\"scope\":" + scope + "}}";

        public Task<Answer> GetAsync(string relative) => SendAsync(HttpMethod.Get, V1 + relative);

        public Task<Answer> PostAsync(string relative, object? body = null) => SendAsync(HttpMethod.Post, V1 + relative, Json(body));

        public Task<Answer> PutAsync(string relative, object body) => SendAsync(HttpMethod.Put, V1 + relative, Json(body));

        public Task<Answer> DeleteAsync(string relative) => SendAsync(HttpMethod.Delete, V1 + relative);

        /// <summary>Sends with the password token unless <paramref name="authenticate"/> is false.</summary>
        public async Task<Answer> SendAsync(HttpMethod method, string url, string? body = null, bool authenticate = true, Action<HttpRequestMessage>? adjust = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body != null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            if (authenticate)
            {
                request.Headers.Add("X-Auth-Token", await TokenAsync());
            }
            adjust?.Invoke(request);
            return await ReadAsync(await Http.SendAsync(request));
        }

        /// <summary>Sends a request signed with AK/SK by the core's signer, as the module does.</summary>
        public async Task<Answer> SendSignedAsync(HttpMethod method, string url, string? body = null, DateTimeOffset? at = null,
            string? accessKey = null, string? secretKey = null, Action<HttpRequestMessage>? tamper = null, Action<HttpRequestMessage>? prepare = null)
        {
            using var request = new HttpRequestMessage(method, url);
            var bytes = body == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(body);
            if (body != null)
            {
                request.Content = new ByteArrayContent(bytes);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            }
            prepare?.Invoke(request);
            AkSkSigner.Sign(request, bytes, accessKey ?? Options.AccessKey, secretKey ?? Options.SecretKey, at ?? Options.Clock.GetUtcNow());
            tamper?.Invoke(request);
            return await ReadAsync(await Http.SendAsync(request));
        }

        public static async Task<Answer> ReadAsync(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            return new Answer(response.StatusCode, body, response);
        }

        public static string? Json(object? body) => body switch
        {
            null => null,
            string s => s,
            _ => JsonSerializer.Serialize(body),
        };

        /// <summary>Creates a job from a python boot file under bucket <c>test-bucket</c> and returns (job_id, version_id).</summary>
        public async Task<(long Job, long Version)> CreatePythonJobAsync(string name, string script, int workers = 1,
            IEnumerable<(string Label, string Value)>? parameters = null, string? logUrl = null)
        {
            PutObject($"test-bucket/{name}/code/train.py", script);
            Directory.CreateDirectory(ObsPath("test-bucket/data"));
            var answer = await PostAsync("/training-jobs", JobBody(name, workers, parameters, logUrl));
            Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
            return (answer.Long("job_id"), answer.Long("version_id"));
        }

        public static Dictionary<string, object?> JobBody(string name, int workers = 1, IEnumerable<(string Label, string Value)>? parameters = null, string? logUrl = null) => new()
        {
            ["job_name"] = name,
            ["job_desc"] = "test job",
            ["config"] = new Dictionary<string, object?>
            {
                ["worker_server_num"] = workers,
                ["spec_id"] = 2,
                ["engine_id"] = 4,
                ["app_url"] = $"/test-bucket/{name}/code/",
                ["boot_file_url"] = $"/test-bucket/{name}/code/train.py",
                ["data_url"] = "/test-bucket/data/",
                ["train_url"] = $"/test-bucket/{name}/output/",
                ["log_url"] = logUrl,
                ["parameter"] = (parameters ?? Enumerable.Empty<(string, string)>()).Select(p => new { label = p.Item1, value = p.Item2 }).ToArray(),
            },
        };

        public async Task<Answer> WaitForStatusAsync(long job, long version, Func<int, bool> done, int timeoutSeconds = 60)
        {
            var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
            while (true)
            {
                var answer = await GetAsync($"/training-jobs/{job}/versions/{version}");
                var status = answer.Body.GetProperty("status").GetInt32();
                if (done(status))
                {
                    return answer;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Version {version} still has status {status}.");
                }
                await Task.Delay(50);
            }
        }

        public Task<Answer> WaitForEndAsync(long job, long version, int timeoutSeconds = 60) =>
            WaitForStatusAsync(job, version, s => s is 10 or 11 or 12 or 14, timeoutSeconds);

        public async Task<string> WholeLogAsync(long job, long version, string file)
        {
            var answer = await GetAsync($"/training-jobs/{job}/versions/{version}/aom-log?log_file={file}&lines=500");
            return answer.Str("content");
        }

        /// <summary>Stops the service and keeps its data root, for a service started again on it.</summary>
        public async ValueTask StopAsync()
        {
            Http.Dispose();
            await _emulator.DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            try
            {
                Directory.Delete(DataRoot, recursive: true);
            }
            catch (IOException)
            {
                // A job's child process may still hold a file for a moment; the temp folder is cleaned later.
            }
        }
    }
}
