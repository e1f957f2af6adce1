using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Emulator;
using ModelArts.Emulator.Options;

// Load generator for the local service (in-process, loopback, 127.0.0.1:0):
//   1. GET throughput and latency: C concurrent clients ask for one version's detail for D seconds.
//   2. Queue drain: N jobs created back to back, then waited for; all must end COMPLETED, none lost.
// Usage: dotnet run -c Release --project bench/emulator -- [--seconds 10] [--clients 16] [--jobs 1000] [--max-running-jobs 2]
internal static class Program
{
    private const string ProjectId = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static async Task<int> Main(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var clients = Option(args, "--clients", 16);
        var jobs = Option(args, "--jobs", 1000);
        var maxRunning = Option(args, "--max-running-jobs", 2);
        var root = Path.Combine(Path.GetTempPath(), "ma-emulator-bench-" + Guid.NewGuid().ToString("N"));
        await using var service = await EmulatorApp.StartAsync(new EmulatorOptions
        {
            Urls = "http://127.0.0.1:0",
            DataRoot = root,
            MaxRunningJobs = maxRunning,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.None,
        });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { Timeout = TimeSpan.FromMinutes(5) };
        var v1 = service.BaseUrl + "/v1/" + ProjectId;
        var token = await TokenAsync(http, service.BaseUrl);
        Directory.CreateDirectory(Path.Combine(root, "obs", "bench", "data"));
        Directory.CreateDirectory(Path.Combine(root, "obs", "bench", "code"));
        File.WriteAllText(Path.Combine(root, "obs", "bench", "code", "train.py"), "print('done')\n");

        Console.WriteLine($"environment: {Environment.ProcessorCount} cores, {RuntimeName()}");
        var (job, version) = await CreateAsync(http, v1, token, "bench_get_target");
        await GetBenchmarkAsync(http, $"{v1}/training-jobs/{job}/versions/{version}", token, clients, TimeSpan.FromSeconds(seconds));
        var ok = await DrainBenchmarkAsync(http, v1, token, jobs, maxRunning);
        Directory.Delete(root, recursive: true);
        return ok ? 0 : 1;
    }

    private static async Task GetBenchmarkAsync(HttpClient http, string url, string token, int clients, TimeSpan duration)
    {
        // Warm up (JIT, connection pool), then measure.
        await RunClientsAsync(http, url, token, clients, TimeSpan.FromSeconds(2));
        var watch = Stopwatch.StartNew();
        var (latencies, errors) = await RunClientsAsync(http, url, token, clients, duration);
        var elapsed = watch.Elapsed.TotalSeconds;
        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
        Console.WriteLine($"GET version detail: {latencies.Count / elapsed:F0} requests/s with {clients} clients over {elapsed:F1} s; " +
                          $"p50 {Percentile(0.50):F2} ms, p99 {Percentile(0.99):F2} ms, max {latencies[^1]:F2} ms, errors {errors}");
    }

    private static async Task<(List<double> Latencies, int Errors)> RunClientsAsync(HttpClient http, string url, string token, int clients, TimeSpan duration)
    {
        var end = DateTime.UtcNow + duration;
        var errors = 0;
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            while (DateTime.UtcNow < end)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add("X-Auth-Token", token);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return latencies;
        })));
        return (perClient.SelectMany(l => l).ToList(), errors);
    }

    private static async Task<bool> DrainBenchmarkAsync(HttpClient http, string v1, string token, int count, int maxRunning)
    {
        var watch = Stopwatch.StartNew();
        var created = new List<(long Job, long Version)>();
        for (var i = 0; i < count; i++)
        {
            created.Add(await CreateAsync(http, v1, token, "drain_" + i));
        }
        var createSeconds = watch.Elapsed.TotalSeconds;
        var statuses = new Dictionary<long, int>();
        while (true)
        {
            statuses.Clear();
            for (var page = 1; ; page++)
            {
                var list = await SendAsync(http, HttpMethod.Get, $"{v1}/training-jobs?per_page=1000&page={page}&search_content=drain_", token);
                var jobs = list.GetProperty("jobs").EnumerateArray().ToList();
                jobs.ForEach(j => statuses[j.GetProperty("job_id").GetInt64()] = j.GetProperty("status").GetInt32());
                if (jobs.Count < 1000)
                {
                    break;
                }
            }
            if (statuses.Count == count && statuses.Values.All(s => s is 10 or 11 or 12 or 14))
            {
                break;
            }
            await Task.Delay(250);
        }
        var completed = statuses.Values.Count(s => s == 10);
        var lost = count - statuses.Count;
        Console.WriteLine($"queue drain: {count} jobs created in {createSeconds:F1} s ({count / createSeconds:F0} creates/s), " +
                          $"all ended after {watch.Elapsed.TotalSeconds:F1} s with {maxRunning} running at a time; " +
                          $"completed {completed}, other {statuses.Count - completed}, missing {lost}");
        return completed == count;
    }

    private static async Task<(long, long)> CreateAsync(HttpClient http, string v1, string token, string name)
    {
        var body = JsonSerializer.Serialize(new
        {
            job_name = name,
            config = new
            {
                worker_server_num = 1,
                spec_id = 2,
                engine_id = 4,
                app_url = "/bench/code/",
                boot_file_url = "/bench/code/train.py",
                data_url = "/bench/data/",
            },
        });
        var answer = await SendAsync(http, HttpMethod.Post, v1 + "/training-jobs", token, body);
        return (answer.GetProperty("job_id").GetInt64(), answer.GetProperty("version_id").GetInt64());
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string url, string token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Auth-Token", token);
        if (body != null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return response.IsSuccessStatusCode ? json : throw new InvalidOperationException(json.ToString());
    }

    private static async Task<string> TokenAsync(HttpClient http, string baseUrl)
    {
        var body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"ma-user\",\"password\":\"ma-password\"," +
                   "\"domain\":{\"name\":\"ma-domain\"}}}},\"scope\":{\"project\":{\"name\":\"local-1\"}}}}";
        using var response = await http.PostAsync(baseUrl + "/v3/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }

    private static string RuntimeName() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
