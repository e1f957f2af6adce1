// Layer-by-layer loops for bench/profile/Invoke-Profile.ps1: the module's core (ModelArts.Core.dll, loaded by
// Import-Module) called straight from C#, with and without a diagnostics sink (which every cmdlet installs), and
// with the cmdlets' sync-over-async pattern; plus a do-nothing binary cmdlet as PowerShell's own floor.
// Built by bench/ModelArts.Bench.csproj against ModelArts.Core and System.Management.Automation.
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

        public bool IsVerboseEnabled => true;

        public bool IsDebugEnabled => true;

        public void Verbose(string message) => VerboseCount++;

        public void Warning(string message) => VerboseCount++;

        public void Debug(string message)
        {
            DebugCount++;
            DebugChars += message.Length;
        }
    }

    /// <summary>Like the cmdlets' DiagnosticQueue: queues every message and (optionally) sets an event for each one.</summary>
    public sealed class QueueSink : IDiagnosticSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        private readonly bool _signal;

        public QueueSink(bool signal)
        {
            _signal = signal;
        }

        public AutoResetEvent Arrived { get; } = new AutoResetEvent(false);

        public long Wakeups;

        public bool IsVerboseEnabled => true;

        public bool IsDebugEnabled => true;

        public void Verbose(string message) => Enqueue(message);

        public void Warning(string message) => Enqueue(message);

        public void Debug(string message) => Enqueue(message);

        public void Drain()
        {
            while (_messages.TryDequeue(out _))
            {
            }
        }

        private void Enqueue(string message)
        {
            _messages.Enqueue(message);
            if (_signal) Arrived.Set();
        }
    }

    public static class CoreLoops
    {
        /// <summary>
        /// µs per GetTrainingJobAsync the way a cmdlet's Run() waits: started under Diagnostics.Use, then
        /// WaitHandle.WaitAny on the task's AsyncWaitHandle, the sink's event and a cancellation handle, draining the sink
        /// after every wake-up. <paramref name="signal"/>: whether each message sets the event (as DiagnosticQueue does).
        /// </summary>
        /// <summary>
        /// The fix this profile suggests: the same wait, but on one event per loop (as a cmdlet could keep per instance),
        /// set by a continuation, instead of each task's own AsyncWaitHandle (a new wait handle per call that is never
        /// disposed, so the finalizer thread closes them all later).
        /// </summary>
        public static double GetJobReusedEvent(ModelArtsClient client, long jobId, int count)
        {
            var sink = new QueueSink(false);
            using var stopping = new CancellationTokenSource();
            using var done = new AutoResetEvent(false);
            WaitHandle[] handles = { done, sink.Arrived, stopping.Token.WaitHandle };
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                Task<TrainingJob> task;
                using (Diagnostics.Use(sink)) task = client.GetTrainingJobAsync(jobId, null, stopping.Token);
                if (!task.IsCompleted)
                {
                    task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => done.Set());
                    while (!task.IsCompleted)
                    {
                        WaitHandle.WaitAny(handles);
                        sink.Drain();
                    }
                }
                sink.Drain();
                task.GetAwaiter().GetResult();
            }
            return watch.Elapsed.TotalMilliseconds * 1000 / count;
        }

        public static double GetJobLikeCmdlet(ModelArtsClient client, long jobId, int count, bool signal, out double wakeupsPerCall)
        {
            var sink = new QueueSink(signal);
            using var stopping = new CancellationTokenSource();
            long wakeups = 0;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                Task<TrainingJob> task;
                using (Diagnostics.Use(sink)) task = client.GetTrainingJobAsync(jobId, null, stopping.Token);
                WaitHandle[] handles = { ((IAsyncResult)task).AsyncWaitHandle, sink.Arrived, stopping.Token.WaitHandle };
                while (!task.IsCompleted)
                {
                    WaitHandle.WaitAny(handles);
                    wakeups++;
                    sink.Drain();
                }
                sink.Drain();
                task.GetAwaiter().GetResult();
            }
            var elapsed = watch.Elapsed.TotalMilliseconds * 1000 / count;
            wakeupsPerCall = (double)wakeups / count;
            return elapsed;
        }

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
        public static long ReadLog(ModelArtsClient client, string jobId, long versionId, IDiagnosticSink? sink)
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
        public static long ReadLogSyncOverAsync(ModelArtsClient client, string jobId, long versionId, IDiagnosticSink sink)
        {
            using var stopping = new CancellationTokenSource();
            using var arrived = new AutoResetEvent(false);
            IAsyncEnumerator<LogLine> enumerator;
            using (Diagnostics.Use(sink)) enumerator = client.ReadJobLogAsync(jobId, versionId, LogReadMode.Whole, null, null, stopping.Token).GetAsyncEnumerator(stopping.Token);
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
