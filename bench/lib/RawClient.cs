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

        /// <summary>
        /// One GET of a raw loop, the body as bytes, counted in <paramref name="result"/>: with the token when given (a
        /// pre-signed log URL carries its own credential), and a Range when given; a failure names the path only.
        /// </summary>
        public static async Task<byte[]> GetBytesAsync(HttpClient client, string url, string? token, string? range, RawLogResult result)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (token != null)
            {
                request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
            }
            if (range != null)
            {
                request.Headers.TryAddWithoutValidation("Range", range);
            }
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            result.Requests++;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {new Uri(url).GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
            }
            return bytes;
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
        public RawLogResult ReadWhole(string versionUrl, string logFile, int pageLines) => ReadWholeAsync(V1Pages(versionUrl, logFile), pageLines).GetAwaiter().GetResult();

        private async Task<RawLogResult> ReadWholeAsync(string pages, int pageLines)
        {
            // One backward pass: every line once, pages newest first.
            var result = new RawLogResult();
            string? baseLine = null;
            for (var guard = 0; guard < 10_000_000; guard++)
            {
                var page = await GetPageAsync(pages, pageLines, baseLine, "asc", result).ConfigureAwait(false);
                if (page.Lines == 0)
                {
                    break;
                }
                Count(page.Content, result);
                baseLine = page.StartLine;
            }
            return result;
        }

        public RawLogResult ReadInOrder(string versionUrl, string logFile, int pageLines) => Count(InOrderPages(V1Pages(versionUrl, logFile), pageLines));

        /// <summary>The same two passes over Huawei Cloud's v2 line-paged log, which has the positions of aom-log.</summary>
        /// <param name="taskLogUrl">…/v2/{project}/training-jobs/{job}/logs/{task}</param>
        public RawLogResult ReadInOrderV2(string taskLogUrl, int pageLines) => Count(InOrderPages(taskLogUrl + "?", pageLines));

        /// <summary>
        /// The lines of <see cref="ReadInOrderV2"/> one by one, as strings, for a pipeline to take: what a user of
        /// <c>Get-MaTrainingJobLog -Raw</c> gets, so that the benchmark compares the same work.
        /// </summary>
        public IEnumerable<string> LinesInOrderV2(string taskLogUrl, int pageLines)
        {
            foreach (var page in InOrderPages(taskLogUrl + "?", pageLines))
            {
                foreach (var line in Lines(page.Content))
                {
                    yield return line;
                }
            }
        }

        private static string V1Pages(string versionUrl, string logFile) => versionUrl + "/aom-log?log_file=" + Uri.EscapeDataString(logFile) + "&";

        private static RawLogResult Count(IEnumerable<Page> pages)
        {
            var result = new RawLogResult();
            foreach (var page in pages)
            {
                Count(page.Content, result);
            }
            return result;
        }

        /// <summary>The pages with every line once, oldest first, one page held (each request awaited where it is made).</summary>
        private IEnumerable<Page> InOrderPages(string pages, int pageLines)
        {
            var result = new RawLogResult();
            // Pass 1: from the tail back to the oldest page, keeping only the page in hand.
            var newest = GetPageAsync(pages, pageLines, null, null, result).GetAwaiter().GetResult();
            if (newest.Lines == 0)
            {
                yield break;
            }
            var oldest = newest;
            var more = newest.Lines >= pageLines;
            for (var guard = 0; more && guard < 10_000_000; guard++)
            {
                var older = GetPageAsync(pages, pageLines, oldest.StartLine, "asc", result).GetAwaiter().GetResult();
                if (older.Lines == 0)
                {
                    break;
                }
                oldest = older;
                more = older.Lines >= pageLines;
            }
            // Pass 2: the oldest page's lines, then forward page by page to the end.
            yield return oldest;
            if (ReferenceEquals(oldest, newest))
            {
                yield break;
            }
            var position = oldest.EndLine;
            for (var guard = 0; guard < 10_000_000; guard++)
            {
                var next = GetPageAsync(pages, pageLines, position, "desc", result).GetAwaiter().GetResult();
                if (next.Lines == 0)
                {
                    break;
                }
                yield return next;
                position = next.EndLine;
                if (next.Lines < pageLines)
                {
                    break;
                }
            }
        }

        /// <summary>A page's lines, without their line ends, as the module splits them.</summary>
        private static IEnumerable<string> Lines(string content)
        {
            var parts = content.Split('\n');
            var count = content.EndsWith("\n", StringComparison.Ordinal) ? parts.Length - 1 : parts.Length;
            for (var i = 0; i < count; i++)
            {
                yield return parts[i].TrimEnd('\r');
            }
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

        /// <param name="pages">The page address up to its query: v1 <c>…/aom-log?log_file=F&amp;</c>, v2 <c>…/logs/{task}?</c>.</param>
        private async Task<Page> GetPageAsync(string pages, int pageLines, string? baseLine, string? order, RawLogResult result)
        {
            var url = pages + "lines=" + pageLines +
                      (baseLine != null ? "&base_line=" + Uri.EscapeDataString(baseLine) + "&order=" + order : string.Empty);
            var bytes = await BenchHttp.GetBytesAsync(_client, url, _token, null, result).ConfigureAwait(false);
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

    /// <summary>
    /// Reads a whole v2 task log where there is no line-paged log (OTC): the preview (its JSON's <c>content</c> and
    /// <c>full_size</c>), the temporary log URL, then plain Range GETs of <c>rangeBytes</c> from the start up to where the
    /// preview begins, every line decoded as a string and counted (a line cut by a range waits for the next one), then
    /// the preview's lines. The shortest loop that gives every line once, oldest first, in bounded memory.
    /// </summary>
    public sealed class RawPreviewLogReader : IDisposable
    {
        private readonly HttpClient _client = BenchHttp.CreateClient(1);
        private readonly string _token;

        public RawPreviewLogReader(string token)
        {
            _token = token;
        }

        /// <param name="taskUrl">…/v2/{project}/training-jobs/{job}/tasks/{task}</param>
        public RawLogResult ReadWhole(string taskUrl, int rangeBytes)
        {
            var result = new RawLogResult();
            foreach (var line in Lines(taskUrl, rangeBytes))
            {
                result.Chars += line.Length;
                result.Lines++;
            }
            return result;
        }

        /// <summary>
        /// The lines of <see cref="ReadWhole"/> one by one, as strings, for a pipeline to take: what a user of
        /// <c>Get-MaTrainingJobLog -Raw</c> gets, so that the benchmark compares the same work.
        /// </summary>
        public IEnumerable<string> Lines(string taskUrl, int rangeBytes)
        {
            var result = new RawLogResult();
            byte[] content;
            long fullSize;
            using (var preview = JsonDocument.Parse(BenchHttp.GetBytesAsync(_client, taskUrl + "/logs/preview", _token, null, result).GetAwaiter().GetResult()))
            {
                content = Encoding.UTF8.GetBytes(preview.RootElement.GetProperty("content").GetString() ?? string.Empty);
                fullSize = preview.RootElement.GetProperty("full_size").GetInt64();
            }
            var windowStart = fullSize - content.Length;
            string url;
            using (var answer = JsonDocument.Parse(BenchHttp.GetBytesAsync(_client, taskUrl + "/logs/url", _token, null, result).GetAwaiter().GetResult()))
            {
                url = answer.RootElement.GetProperty("obs_url").GetString() ?? throw new InvalidOperationException("No obs_url.");
            }
            var carry = Array.Empty<byte>();
            for (long offset = 0; offset < windowStart; offset += rangeBytes)
            {
                var count = Math.Min(rangeBytes, windowStart - offset);
                var bytes = BenchHttp.GetBytesAsync(_client, url, null, "bytes=" + offset + "-" + (offset + count - 1), result).GetAwaiter().GetResult();
                if (carry.Length > 0)
                {
                    var joined = new byte[carry.Length + bytes.Length];
                    Buffer.BlockCopy(carry, 0, joined, 0, carry.Length);
                    Buffer.BlockCopy(bytes, 0, joined, carry.Length, bytes.Length);
                    bytes = joined;
                }
                var lines = new List<string>();
                var end = Split(bytes, lines);
                foreach (var line in lines)
                {
                    yield return line;
                }
                carry = bytes.AsSpan(end).ToArray();
            }
            var last = new List<string>();
            Split(content, last);
            foreach (var line in last)
            {
                yield return line;
            }
        }

        /// <summary>Decodes the whole lines of <paramref name="bytes"/> into <paramref name="lines"/>; returns where the last one ends.</summary>
        private static int Split(byte[] bytes, List<string> lines)
        {
            var from = 0;
            while (true)
            {
                var newline = Array.IndexOf(bytes, (byte)'\n', from);
                if (newline < 0)
                {
                    return from;
                }
                lines.Add(Encoding.UTF8.GetString(bytes, from, newline - from));
                from = newline + 1;
            }
        }

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
