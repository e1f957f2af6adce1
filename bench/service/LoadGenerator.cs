// Load generator for benchmark 5 (the local service): closed-loop (N workers, each sends its next request when the
// previous one answered) and open-loop (requests scheduled at a fixed rate; latency counted from the scheduled
// time, so a stalled service cannot hide its queueing). Plus the concurrent creation of many jobs and the
// "same scripts run directly" baseline for the drain time. Loopback only; every loop is bounded in time.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArtsBench
{
    public sealed class LoadResult
    {
        public string Mode { get; set; } = string.Empty;
        public int Concurrency { get; set; }
        public double TargetRate { get; set; }
        public double Seconds { get; set; }
        public long Requests { get; set; }
        public long Errors { get; set; }
        public long Skipped { get; set; }
        public double RequestsPerSecond { get; set; }
        public double P50Ms { get; set; }
        public double P90Ms { get; set; }
        public double P99Ms { get; set; }
        public double MaxMs { get; set; }
        public string FirstError { get; set; } = string.Empty;
    }

    public static class LoadGenerator
    {
        private static void EnsureThreads()
        {
            ThreadPool.GetMinThreads(out var worker, out var io);
            ThreadPool.SetMinThreads(Math.Max(worker, 32), Math.Max(io, 32));
        }

        private static async Task<bool> GetOnce(HttpClient client, string url, string token, Action<string> onError)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (!string.IsNullOrEmpty(token))
                {
                    request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
                }
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    onError($"{(int)response.StatusCode} {Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300))}");
                    return false;
                }
                return true;
            }
            catch (Exception e)
            {
                onError(e.GetType().Name + ": " + e.Message);
                return false;
            }
        }

        /// <summary><paramref name="concurrency"/> workers GET <paramref name="url"/> back to back for the warm-up, then for the measured duration.</summary>
        public static LoadResult ClosedLoop(string url, string token, int concurrency, double warmupSeconds, double durationSeconds)
        {
            EnsureThreads();
            using var client = BenchHttp.CreateClient(concurrency, 30);
            string firstError = string.Empty;
            void OnError(string e) => Interlocked.CompareExchange(ref firstError, e, string.Empty);

            Task<(List<double> latencies, long errors)> Worker(double seconds) => Task.Run(async () =>
            {
                var latencies = new List<double>(65536);
                long errors = 0;
                var clock = Stopwatch.StartNew();
                var end = TimeSpan.FromSeconds(seconds);
                while (clock.Elapsed < end)
                {
                    var start = clock.Elapsed;
                    var ok = await GetOnce(client, url, token, OnError).ConfigureAwait(false);
                    if (ok)
                    {
                        latencies.Add((clock.Elapsed - start).TotalMilliseconds);
                    }
                    else
                    {
                        errors++;
                    }
                }
                return (latencies, errors);
            });

            Task.WaitAll(Enumerable.Range(0, concurrency).Select(_ => (Task)Worker(warmupSeconds)).ToArray());
            var measured = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, concurrency).Select(_ => Worker(durationSeconds)).ToArray();
            Task.WaitAll(workers);
            var seconds = measured.Elapsed.TotalSeconds;
            var all = workers.SelectMany(w => w.Result.latencies).ToArray();
            var result = Summarise(all, seconds);
            result.Mode = "closed";
            result.Concurrency = concurrency;
            result.Errors = workers.Sum(w => w.Result.errors);
            result.FirstError = firstError;
            return result;
        }

        /// <summary>
        /// Requests scheduled every 1/<paramref name="rate"/> s for the duration; each one's latency runs from its
        /// scheduled time to the end of its answer. A request that would exceed <paramref name="maxInFlight"/> is
        /// skipped and counted (the service could not keep up).
        /// </summary>
        public static LoadResult OpenLoop(string url, string token, double rate, double warmupSeconds, double durationSeconds, int maxInFlight)
        {
            EnsureThreads();
            using var client = BenchHttp.CreateClient(Math.Min(maxInFlight, 256), 30);
            string firstError = string.Empty;
            void OnError(string e) => Interlocked.CompareExchange(ref firstError, e, string.Empty);

            (double[] latencies, long errors, long skipped, double seconds) Run(double seconds)
            {
                var latencies = new ConcurrentBag<double>();
                long errors = 0, skipped = 0, inFlight = 0;
                var pending = new List<Task>();
                var clock = Stopwatch.StartNew();
                var interval = 1.0 / rate;
                var total = (long)Math.Round(seconds * rate);
                long next = 0;
                while (next < total)
                {
                    var now = clock.Elapsed.TotalSeconds;
                    while (next < total && next * interval <= now)
                    {
                        var due = next * interval;
                        next++;
                        if (Interlocked.Read(ref inFlight) >= maxInFlight)
                        {
                            skipped++;
                            continue;
                        }
                        Interlocked.Increment(ref inFlight);
                        pending.Add(Task.Run(async () =>
                        {
                            var ok = await GetOnce(client, url, token, OnError).ConfigureAwait(false);
                            var done = clock.Elapsed.TotalSeconds;
                            Interlocked.Decrement(ref inFlight);
                            if (ok)
                            {
                                latencies.Add((done - due) * 1000.0);
                            }
                            else
                            {
                                Interlocked.Increment(ref errors);
                            }
                        }));
                    }
                    if (pending.Count > 4096)
                    {
                        pending.RemoveAll(t => t.IsCompleted);
                    }
                    Thread.Sleep(1);
                }
                Task.WaitAll(pending.ToArray(), TimeSpan.FromSeconds(35));
                return (latencies.ToArray(), errors, skipped, clock.Elapsed.TotalSeconds);
            }

            Run(warmupSeconds);
            var measured = Run(durationSeconds);
            var result = Summarise(measured.latencies, measured.seconds);
            result.Mode = "open";
            result.TargetRate = rate;
            result.Concurrency = maxInFlight;
            result.Errors = measured.errors;
            result.Skipped = measured.skipped;
            result.FirstError = firstError;
            return result;
        }

        private static LoadResult Summarise(double[] latencies, double seconds)
        {
            Array.Sort(latencies);
            return new LoadResult
            {
                Seconds = seconds,
                Requests = latencies.Length,
                RequestsPerSecond = latencies.Length / seconds,
                P50Ms = Percentile(latencies, 0.50),
                P90Ms = Percentile(latencies, 0.90),
                P99Ms = Percentile(latencies, 0.99),
                MaxMs = latencies.Length == 0 ? double.NaN : latencies[latencies.Length - 1],
            };
        }

        /// <summary>Nearest-rank percentile of sorted values.</summary>
        public static double Percentile(double[] sorted, double p)
        {
            if (sorted.Length == 0)
            {
                return double.NaN;
            }
            var rank = (int)Math.Ceiling(p * sorted.Length);
            return sorted[Math.Min(Math.Max(rank, 1), sorted.Length) - 1];
        }
    }

    public sealed class CreatedJob
    {
        public int Index { get; set; }
        public int Status { get; set; }
        public long JobId { get; set; }
        public long VersionId { get; set; }
        public string Error { get; set; } = string.Empty;
    }

    public static class JobSubmitter
    {
        /// <summary>POSTs every body to <paramref name="url"/> with up to <paramref name="concurrency"/> in flight; returns one entry per body, in order.</summary>
        public static CreatedJob[] Submit(string url, string token, string[] bodies, int concurrency)
        {
            using var client = BenchHttp.CreateClient(concurrency, 120);
            var results = new CreatedJob[bodies.Length];
            var next = -1;
            async Task Worker()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < bodies.Length)
                {
                    var job = new CreatedJob { Index = i };
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, url)
                        {
                            Content = new StringContent(bodies[i], Encoding.UTF8, "application/json"),
                        };
                        request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
                        using var response = await client.SendAsync(request).ConfigureAwait(false);
                        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        job.Status = (int)response.StatusCode;
                        if (response.IsSuccessStatusCode)
                        {
                            using var document = JsonDocument.Parse(text);
                            job.JobId = ReadLong(document.RootElement.GetProperty("job_id"));
                            job.VersionId = ReadLong(document.RootElement.GetProperty("version_id"));
                        }
                        else
                        {
                            job.Error = text.Length > 300 ? text.Substring(0, 300) : text;
                        }
                    }
                    catch (Exception e)
                    {
                        job.Error = e.GetType().Name + ": " + e.Message;
                    }
                    results[i] = job;
                }
            }
            Task.WaitAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)).ToArray());
            return results;
        }

        private static long ReadLong(JsonElement element) =>
            element.ValueKind == JsonValueKind.String ? long.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : element.GetInt64();
    }

    /// <summary>The floor for draining N jobs: the same script run N times directly, at most P at once, stdout to a file each.</summary>
    public static class DirectRunner
    {
        public static double Run(string fileName, string[] arguments, string outputDirectory, int count, int parallelism, int timeoutSeconds)
        {
            Directory.CreateDirectory(outputDirectory);
            var clock = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(timeoutSeconds);
            var failures = 0;
            var completed = 0;
            var next = -1;
            void Worker()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count && clock.Elapsed < deadline)
                {
                    var info = new ProcessStartInfo(fileName)
                    {
                        UseShellExecute = false,
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        WorkingDirectory = outputDirectory,
                    };
                    foreach (var argument in arguments)
                    {
                        info.ArgumentList.Add(argument.Replace("{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }
                    using var process = Process.Start(info)!;
                    using (var log = File.Create(Path.Combine(outputDirectory, $"job-{i}.log")))
                    {
                        var stderr = process.StandardError.ReadToEndAsync();
                        process.StandardOutput.BaseStream.CopyTo(log);
                        stderr.GetAwaiter().GetResult();
                    }
                    process.WaitForExit();
                    if (process.ExitCode != 0)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    Interlocked.Increment(ref completed);
                }
            }
            var threads = Enumerable.Range(0, parallelism).Select(_ => new Thread(Worker) { IsBackground = true }).ToArray();
            foreach (var thread in threads)
            {
                thread.Start();
            }
            foreach (var thread in threads)
            {
                thread.Join();
            }
            if (failures > 0 || completed < count)
            {
                throw new InvalidOperationException($"{failures} of {count} direct runs failed or the run timed out.");
            }
            return clock.Elapsed.TotalSeconds;
        }
    }
}
