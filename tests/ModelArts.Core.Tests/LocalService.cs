using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ModelArts.Core.Auth;
using ModelArts.Core.Models;
using ModelArts.Emulator;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Options;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// The local service started in-process on an ephemeral loopback port over a fresh data root, and a client of it
    /// that speaks the real protocol (AK/SK signatures, real HTTP). For flows through several classes of the client.
    /// </summary>
    internal sealed class LocalService : IAsyncDisposable
    {
        private readonly EmulatorOptions _options;
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        private RunningEmulator _emulator = null!;

        private LocalService(EmulatorOptions options)
        {
            _options = options;
        }

        public string BaseUrl => _emulator.BaseUrl;

        /// <param name="configure">Service options beyond the defaults, e.g. how v2 searches read offset.</param>
        public static async Task<LocalService> StartAsync(Action<EmulatorOptions>? configure = null)
        {
            var root = Path.Combine(Path.GetTempPath(), "ma-core-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            var service = new LocalService(new EmulatorOptions { Urls = "http://127.0.0.1:0", DataRoot = root, LogLevel = LogLevel.Error });
            configure?.Invoke(service._options);
            service._emulator = await EmulatorApp.StartAsync(service._options);
            return service;
        }

        /// <summary>A client of this service; <paramref name="configure"/> may change retries and time-outs.</summary>
        public ModelArtsClient Client(Action<ModelArtsClientOptions>? configure = null)
        {
            var options = new ModelArtsClientOptions(new Uri(BaseUrl), new AccessKeyCredentials(_options.AccessKey, _options.SecretKey))
            {
                ProjectId = _options.ProjectId,
                IamEndpoint = new Uri(BaseUrl),
            };
            // Retries and log polls wait for real; keep them short so a scripted outage takes milliseconds.
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            options.LogPollInterval = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(options);
            return new ModelArtsClient(options);
        }

        /// <summary>The service's OBS root on disk: what a job uploaded is visible there.</summary>
        public string ObsRoot => Path.Combine(_options.DataRoot, "obs");

        /// <summary>Writes an object under the service's OBS root, e.g. <c>bucket/code/train.py</c>.</summary>
        public void PutObject(string key, string content)
        {
            var path = Path.Combine(_options.DataRoot, "obs", key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        /// <summary>Creates a job that runs <paramref name="script"/> (python) and returns it.</summary>
        public async Task<TrainingJob> StartPythonJobAsync(ModelArtsClient client, string name, string script)
        {
            PutObject("bucket/" + name + "/code/train.py", script);
            Directory.CreateDirectory(Path.Combine(_options.DataRoot, "obs", "bucket", "data"));
            var request = JobRequest(name, "/bucket/" + name + "/out/");
            request.Config.AppUrl = "/bucket/" + name + "/code/";
            request.Config.BootFileUrl = "/bucket/" + name + "/code/train.py";
            return await client.CreateTrainingJobAsync(request);
        }

        /// <summary>PUT /_local/faults: e.g. <c>{"fail_next":1,"fail_as":"drop","fail_method":"POST"}</c>.</summary>
        public async Task SetFaultsAsync(string json)
        {
            using var response = await _http.PutAsync(BaseUrl + "/_local/faults", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        /// <summary>The v1 calls the service saw, as "METHOD /path", oldest first.</summary>
        public IReadOnlyList<string> Calls() =>
            ((RequestLog)_emulator.Services.GetService(typeof(RequestLog))!).Since(0)
                .Where(e => e.Path.StartsWith("/v1/", StringComparison.Ordinal))
                .Select(e => e.Method + " " + e.Path.Substring(e.Path.IndexOf('/', 4)))
                .ToList();

        /// <summary>The OBS calls on a bucket the service saw, as "METHOD /bucket/key?query", oldest first.</summary>
        public IReadOnlyList<string> ObsCalls(string bucket) =>
            ((RequestLog)_emulator.Services.GetService(typeof(RequestLog))!).Since(0)
                .Where(e => e.Path.StartsWith("/" + bucket + "/", StringComparison.Ordinal))
                .Select(e => e.Method + " " + e.Path + e.Query)
                .ToList();

        /// <summary>How many calls under /v1/ or /v2/ the service saw.</summary>
        public int ApiCallCount() =>
            ((RequestLog)_emulator.Services.GetService(typeof(RequestLog))!).Since(0)
                .Count(e => e.Path.StartsWith("/v1/", StringComparison.Ordinal) || e.Path.StartsWith("/v2/", StringComparison.Ordinal));

        /// <summary>How many calls the service failed on purpose.</summary>
        public int FaultedCalls() =>
            ((RequestLog)_emulator.Services.GetService(typeof(RequestLog))!).Since(0).Count(e => e.Fault != null && e.Fault != "latency");

        /// <summary>A create body the service accepts: catalog spec 2 and engine 4, paths under one bucket.</summary>
        public static CreateTrainingJobRequest JobRequest(string name, string output = "/bucket/out/", string description = "demo") => new CreateTrainingJobRequest
        {
            JobName = name,
            JobDescription = description,
            Config = new TrainingJobConfig
            {
                SpecId = 2,
                EngineId = 4,
                AppUrl = "/bucket/code/",
                BootFileUrl = "/bucket/code/train.py",
                DataUrl = "/bucket/data/",
                TrainUrl = output,
            },
        };

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _emulator.DisposeAsync();
            try
            {
                Directory.Delete(_options.DataRoot, recursive: true);
            }
            catch (IOException)
            {
                // A job's process may still hold a file for a moment; the temp folder is cleaned later.
            }
        }
    }
}
