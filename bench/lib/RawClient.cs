// The baselines the benchmarks compare the module with: plain HttpClient code, the way a C# developer would
// write it against the same local service. Built by bench/ModelArts.Bench.csproj (part of the solution) with
// bench/service/*.cs and bench/profile/*.cs, and loaded by the child pwsh processes.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

#nullable enable

namespace ModelArtsBench
{
    public static class BenchHttp
    {
        /// <summary>One keep-alive HttpClient without proxy or decompression, as a raw loop would use.</summary>
        public static HttpClient CreateClient(int maxConnections = 4, int timeoutSeconds = 60)
        {
            var handler = new SocketsHttpHandler
            {
                UseProxy = false,
                MaxConnectionsPerServer = maxConnections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
                AllowAutoRedirect = false,
            };
            return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
        }

        /// <summary>An IAM token (password method, project scope) from <c>POST /v3/auth/tokens</c>.</summary>
        public static string GetToken(string baseUrl, string user, string password, string domain, string projectId)
        {
            var body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":" + JsonSerializer.Serialize(user) +
                       ",\"password\":" + JsonSerializer.Serialize(password) + ",\"domain\":{\"name\":" + JsonSerializer.Serialize(domain) +
                       "}}}},\"scope\":{\"project\":{\"id\":" + JsonSerializer.Serialize(projectId) + "}}}}";
            using var client = CreateClient(1);
            using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl.TrimEnd('/') + "/v3/auth/tokens")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            using var response = client.Send(request);
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"IAM answered {(int)response.StatusCode}: {text}");
            }
            if (!response.Headers.TryGetValues("X-Subject-Token", out var values))
            {
                throw new InvalidOperationException("IAM answered without an X-Subject-Token header.");
            }
            foreach (var value in values)
            {
                return value;
            }
            throw new InvalidOperationException("IAM answered with an empty X-Subject-Token header.");
        }
    }

    /// <summary>Sequential GETs with an X-Auth-Token header over one keep-alive connection; the body is read as a string.</summary>
    public sealed class RawGetLoop : IDisposable
    {
        private readonly HttpClient _client = BenchHttp.CreateClient(1);
        private readonly string _token;

        public RawGetLoop(string token)
        {
            _token = token;
        }

        /// <summary>Runs <paramref name="count"/> iterations, each GETting every URL once in order; returns the characters read.</summary>
        public long Run(string[] urls, int count) => RunAsync(urls, count).GetAwaiter().GetResult();

        private async Task<long> RunAsync(string[] urls, int count)
        {
            long chars = 0;
            for (var i = 0; i < count; i++)
            {
                foreach (var url in urls)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.TryAddWithoutValidation("X-Auth-Token", _token);
                    using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                    var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {text}");
                    }
                    chars += text.Length;
                }
            }
            return chars;
        }

        public void Dispose() => _client.Dispose();
    }

    public sealed class RawLogResult
    {
        public long Lines { get; set; }
        public long Requests { get; set; }
        public long Chars { get; set; }
    }

    /// <summary>
    /// Reads a whole log file over the paged aom-log API (contract §5), every line split out as a string and counted,
    /// nothing kept. <see cref="ReadWhole"/>: one backward pass (the tail, then <c>order=asc</c> pages before
    /// <c>start_line</c> until an empty page), so pages arrive newest first. <see cref="ReadInOrder"/>: oldest line
    /// first with one page in memory, which the API allows only in two passes: back to the first page by positions,
    /// then forward (<c>order=desc</c> after <c>end_line</c>).
    /// </summary>
    public sealed class RawLogReader : IDisposable
    {
        private readonly HttpClient _client = BenchHttp.CreateClient(1);
        private readonly string _token;

        public RawLogReader(string token)
        {
            _token = token;
        }

        /// <param name="versionUrl">…/v1/{project}/training-jobs/{job}/versions/{version}</param>
        public RawLogResult ReadWhole(string versionUrl, string logFile, int pageLines) => ReadWholeAsync(versionUrl, logFile, pageLines).GetAwaiter().GetResult();

        private async Task<RawLogResult> ReadWholeAsync(string versionUrl, string logFile, int pageLines)
        {
            // One backward pass: every line once, pages newest first.
            var result = new RawLogResult();
            string? baseLine = null;
            for (var guard = 0; guard < 10_000_000; guard++)
            {
                var page = await GetPageAsync(versionUrl, logFile, pageLines, baseLine, "asc", result).ConfigureAwait(false);
                if (page.Lines == 0)
                {
                    break;
                }
                Count(page.Content, result);
                baseLine = page.StartLine;
            }
            return result;
        }

        public RawLogResult ReadInOrder(string versionUrl, string logFile, int pageLines) => ReadInOrderAsync(versionUrl, logFile, pageLines).GetAwaiter().GetResult();

        private async Task<RawLogResult> ReadInOrderAsync(string versionUrl, string logFile, int pageLines)
        {
            var result = new RawLogResult();
            // Pass 1: from the tail back to the oldest page, keeping only the page in hand.
            var newest = await GetPageAsync(versionUrl, logFile, pageLines, null, null, result).ConfigureAwait(false);
            if (newest.Lines == 0)
            {
                return result;
            }
            var oldest = newest;
            var more = newest.Lines >= pageLines;
            for (var guard = 0; more && guard < 10_000_000; guard++)
            {
                var older = await GetPageAsync(versionUrl, logFile, pageLines, oldest.StartLine, "asc", result).ConfigureAwait(false);
                if (older.Lines == 0)
                {
                    break;
                }
                oldest = older;
                more = older.Lines >= pageLines;
            }
            // Pass 2: the oldest page's lines, then forward page by page to the end.
            Count(oldest.Content, result);
            if (ReferenceEquals(oldest, newest))
            {
                return result;
            }
            var position = oldest.EndLine;
            for (var guard = 0; guard < 10_000_000; guard++)
            {
                var next = await GetPageAsync(versionUrl, logFile, pageLines, position, "desc", result).ConfigureAwait(false);
                if (next.Lines == 0)
                {
                    break;
                }
                Count(next.Content, result);
                position = next.EndLine;
                if (next.Lines < pageLines)
                {
                    break;
                }
            }
            return result;
        }

        private static void Count(string content, RawLogResult result)
        {
            result.Chars += content.Length;
            var parts = content.Split('\n');
            result.Lines += content.EndsWith("\n", StringComparison.Ordinal) ? parts.Length - 1 : parts.Length;
        }

        private sealed class Page
        {
            public Page(int lines, string startLine, string endLine, string content)
            {
                Lines = lines;
                StartLine = startLine;
                EndLine = endLine;
                Content = content;
            }

            public int Lines { get; }
            public string StartLine { get; }
            public string EndLine { get; }
            public string Content { get; }
        }

        private async Task<Page> GetPageAsync(string versionUrl, string logFile, int pageLines, string? baseLine, string? order, RawLogResult result)
        {
            var url = versionUrl + "/aom-log?log_file=" + Uri.EscapeDataString(logFile) + "&lines=" + pageLines +
                      (baseLine != null ? "&base_line=" + Uri.EscapeDataString(baseLine) + "&order=" + order : string.Empty);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("X-Auth-Token", _token);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            result.Requests++;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
            }
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            return new Page(ReadInt(root.GetProperty("lines")), ReadString(root.GetProperty("start_line")), ReadString(root.GetProperty("end_line")),
                root.GetProperty("content").GetString() ?? string.Empty);
        }

        private static int ReadInt(JsonElement element) =>
            element.ValueKind == JsonValueKind.String ? int.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : element.GetInt32();

        private static string ReadString(JsonElement element) =>
            element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : element.GetRawText();

        public void Dispose() => _client.Dispose();
    }

    /// <summary>Samples of a process taken from outside: CPU time and peak working set via /proc (Linux) or Process.</summary>
    public static class ProcessProbe
    {
        public static double CpuSeconds(int processId)
        {
            using var process = Process.GetProcessById(processId);
            return process.TotalProcessorTime.TotalSeconds;
        }

        public static long PeakWorkingSet(int processId)
        {
            using var process = Process.GetProcessById(processId);
            return process.PeakWorkingSet64;
        }
    }
}
