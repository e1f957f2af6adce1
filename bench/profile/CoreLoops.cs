// Layer-by-layer loops for bench/profile/Invoke-Profile.ps1: the module's core (ModelArts.Core.dll, loaded by
// Import-Module) called straight from C#, with and without a diagnostics sink (which every cmdlet installs), and
// with the cmdlets' sync-over-async pattern; plus a do-nothing binary cmdlet as PowerShell's own floor.
// Compiled at profile time against the built ModelArts.Core.dll and System.Management.Automation.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core;
using ModelArts.Core.Auth;
using ModelArts.Core.Models;

namespace ModelArtsBench.Profile
{
    /// <summary>A sink like the cmdlets' DiagnosticQueue: takes every message, here only counting them.</summary>
    public sealed class CountingSink : IDiagnosticSink
    {
        public long VerboseCount;
        public long DebugCount;
        public long DebugChars;

        public void Verbose(string message) => VerboseCount++;

        public void Debug(string message)
        {
            DebugCount++;
            DebugChars += message.Length;
        }
    }

    public static class CoreLoops
    {
        public static ModelArtsClient Create(string url, string user, string password, string domain, string projectId) =>
            new ModelArtsClient(new ModelArtsClientOptions(new Uri(url), new PasswordCredentials(user, password, domain))
            {
                IamEndpoint = new Uri(url),
                ProjectId = projectId,
            });

        /// <summary>µs per GetTrainingJobAsync call, awaited in C#; with a sink when <paramref name="sink"/> is given.</summary>
        public static double GetJob(ModelArtsClient client, long jobId, long? versionId, int count, IDiagnosticSink? sink)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                if (sink == null)
                {
                    client.GetTrainingJobAsync(jobId, versionId).GetAwaiter().GetResult();
                }
                else
                {
                    Task<TrainingJob> task;
                    using (Diagnostics.Use(sink)) task = client.GetTrainingJobAsync(jobId, versionId);
                    task.GetAwaiter().GetResult();
                }
            }
            return watch.Elapsed.TotalMilliseconds * 1000 / count;
        }

        /// <summary>Lines of the whole log through the core's async stream, awaited in C#.</summary>
        public static long ReadLog(ModelArtsClient client, long jobId, long versionId, IDiagnosticSink? sink)
        {
            IAsyncEnumerable<LogLine> lines;
            if (sink == null) lines = client.ReadJobLogAsync(jobId, versionId, LogReadMode.Whole);
            else using (Diagnostics.Use(sink)) lines = client.ReadJobLogAsync(jobId, versionId, LogReadMode.Whole);
            return Count(lines, sink).GetAwaiter().GetResult();
        }

        private static async Task<long> Count(IAsyncEnumerable<LogLine> lines, IDiagnosticSink? sink)
        {
            if (sink != null) Diagnostics.Use(sink);
            long count = 0;
            await foreach (var line in lines.ConfigureAwait(false)) count++;
            return count;
        }

        /// <summary>
        /// The same stream consumed the way the cmdlets' Stream() does: per element a MoveNextAsync().AsTask(),
        /// started under Diagnostics.Use and awaited with WaitHandle.WaitAny on the task, an event and a cancellation handle.
        /// </summary>
        public static long ReadLogSyncOverAsync(ModelArtsClient client, long jobId, long versionId, IDiagnosticSink sink)
        {
            using var stopping = new CancellationTokenSource();
            using var arrived = new AutoResetEvent(false);
            IAsyncEnumerator<LogLine> enumerator;
            using (Diagnostics.Use(sink)) enumerator = client.ReadJobLogAsync(jobId, versionId, LogReadMode.Whole, null, stopping.Token).GetAsyncEnumerator(stopping.Token);
            long count = 0;
            while (true)
            {
                Task<bool> task;
                using (Diagnostics.Use(sink)) task = enumerator.MoveNextAsync().AsTask();
                WaitHandle[] handles = { ((IAsyncResult)task).AsyncWaitHandle, arrived, stopping.Token.WaitHandle };
                while (!task.IsCompleted) WaitHandle.WaitAny(handles);
                if (!task.GetAwaiter().GetResult()) break;
                _ = enumerator.Current.Line;
                count++;
            }
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return count;
        }
    }

    /// <summary>A raw reader with the module's request pattern: walk back (asc) to the start, then page forward (desc).</summary>
    public static class RawTwoPass
    {
        public static long[] Read(string versionUrl, string token, string logFile, int pageLines)
        {
            using var client = BenchHttp.CreateClient(1);
            long requests = 0, lines = 0;
            JsonElement Get(string? baseLine, string order)
            {
                var url = versionUrl + "/aom-log?log_file=" + Uri.EscapeDataString(logFile) + "&lines=" + pageLines +
                          (baseLine != null ? "&base_line=" + Uri.EscapeDataString(baseLine) : string.Empty) + "&order=" + order;
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
                using var response = client.Send(request);
                var bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                requests++;
                using var document = JsonDocument.Parse(bytes);
                return document.RootElement.Clone();
            }
            string Position(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
            int Lines(JsonElement e) => e.ValueKind == JsonValueKind.String ? int.Parse(e.GetString()!) : e.GetInt32();
            long Split(JsonElement page)
            {
                var content = page.GetProperty("content").GetString() ?? string.Empty;
                var parts = content.Split('\n');
                return content.EndsWith("\n", StringComparison.Ordinal) ? parts.Length - 1 : parts.Length;
            }

            var newest = Get(null, "desc");
            if (Lines(newest.GetProperty("lines")) == 0) return new[] { 0L, requests };
            var oldest = newest;
            while (true)
            {
                var older = Get(Position(oldest.GetProperty("start_line")), "asc");
                if (Lines(older.GetProperty("lines")) == 0) break;
                oldest = older;
            }
            lines += Split(oldest);
            var position = Position(oldest.GetProperty("end_line"));
            while (true)
            {
                var next = Get(position, "desc");
                var n = Lines(next.GetProperty("lines"));
                if (n == 0) break;
                lines += Split(next);
                position = Position(next.GetProperty("end_line"));
                if (n < pageLines) break;
            }
            return new[] { lines, requests };
        }
    }

    /// <summary>PowerShell's own floor: a binary cmdlet that does nothing but write one object (or -Count strings).</summary>
    [Cmdlet(VerbsCommunications.Write, "BenchNothing")]
    public sealed class WriteBenchNothingCommand : PSCmdlet
    {
        [Parameter]
        public int Count { get; set; } = 1;

        protected override void ProcessRecord()
        {
            for (var i = 0; i < Count; i++) WriteObject("step 0000000 loss=1.000000 the quick brown fox jumps over the dog");
        }
    }
}
