using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// What every ModelArts cmdlet shares: sync-over-async on the pipeline thread with live -Verbose/-Debug output,
    /// cancellation by Ctrl+C (StopProcessing), and the mapping of core exceptions to error records.
    /// </summary>
    public abstract class ModelArtsCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly DiagnosticQueue _diagnostics = new DiagnosticQueue();
        private bool _preferencesRead;

        /// <summary>The object an error of the current record is about (the job id, name or code the user gave).</summary>
        private static readonly string[] HostTag = { "PSHOST" };

        protected virtual object? ErrorTarget => null;

        public void Dispose()
        {
            // A stop can end the command through a Write* call before StopProcessing runs: whatever the command
            // abandoned is cancelled here, before the source goes away.
            _stopping.Cancel();
            _stopping.Dispose();
            _diagnostics.Dispose();
            GC.SuppressFinalize(this);
        }

        protected override void ProcessRecord() => TryItem(ProcessItem, () => ErrorTarget);

        protected override void EndProcessing() => TryItem(Complete, () => ErrorTarget);

        protected override void StopProcessing()
        {
            // A stop can race the end of the command, after Dispose.
            try
            {
                _stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>The work for one pipeline record; a failure of the service is a non-terminating error.</summary>
        protected virtual void ProcessItem()
        {
        }

        /// <summary>The work after the last record (for cmdlets that collect their input first).</summary>
        protected virtual void Complete()
        {
        }

        /// <summary>Runs one item; a <see cref="ModelArtsException"/> becomes a non-terminating error about <paramref name="target"/>.</summary>
        internal bool TryItem(Action action, Func<object?> target)
        {
            try
            {
                action();
                return true;
            }
            catch (ModelArtsException e)
            {
                WriteError(ErrorRecords.From(e, target()));
                return false;
            }
        }

        /// <summary>Runs a core call to its end, writing its diagnostics meanwhile; Ctrl+C cancels it.</summary>
        internal T Run<T>(Func<CancellationToken, Task<T>> call) => Await(StartWaited(call));

        internal void Run(Func<CancellationToken, Task> call) => Await(StartWaited(ct => Completion(call(ct))));

        /// <summary>Starts a core call with this cmdlet's diagnostics sink and cancellation; <see cref="Await{T}"/> ends it.</summary>
        internal Task<T> Start<T>(Func<CancellationToken, Task<T>> call)
        {
            using (UseDiagnostics())
            {
                return call(_stopping.Token);
            }
        }

        /// <summary>Starts a call this thread waits for right away, so its first request may be sent on this thread.</summary>
        private Task<T> StartWaited<T>(Func<CancellationToken, Task<T>> call)
        {
            ReadPreferences();
            // -Verbose and -Debug are written while the call runs, which needs this thread free, not sending.
            if (_diagnostics.IsVerboseEnabled)
            {
                return Start(call);
            }

            using (WaitingCaller.Enter())
            {
                return Start(call);
            }
        }

        /// <summary>Routes the core's diagnostics of what starts now to this cmdlet (the core's async flow keeps the sink).</summary>
        private IDisposable UseDiagnostics()
        {
            ReadPreferences();
            return Diagnostics.Use(_diagnostics);
        }

        private void ReadPreferences()
        {
            if (!_preferencesRead)
            {
                // Read once, on the pipeline thread: what nobody will see is neither built nor queued by the core.
                _diagnostics.IsDebugEnabled = Wants("Debug", "DebugPreference");
                _diagnostics.IsVerboseEnabled = _diagnostics.IsDebugEnabled || Wants("Verbose", "VerbosePreference");
                _preferencesRead = true;
            }
        }

        /// <summary>
        /// Waits on the pipeline thread for <paramref name="task"/>, writing verbose and debug messages as they come.
        /// Returns as soon as the pipeline is stopped, whether or not the task has noticed the cancellation yet.
        /// </summary>
        /// <param name="onTick">Called on the pipeline thread every <paramref name="tick"/> while the task runs (Write-Progress).</param>
        internal T Await<T>(Task<T> task, Action? onTick = null, int tick = Timeout.Infinite)
        {
            // The handles only for a real wait: each one is an OS event that must be created and finalized, which costs more
            // than a small call that already ended on this thread (see WaitingCaller).
            var handles = task.IsCompleted ? null : new[] { ((IAsyncResult)task).AsyncWaitHandle, _diagnostics.Arrived, _stopping.Token.WaitHandle };
            while (!task.IsCompleted)
            {
                try
                {
                    // A message queued before the event existed set nothing: it is written before the wait.
                    _diagnostics.Drain(this);
                    WaitHandle.WaitAny(handles!, tick);
                    onTick?.Invoke();
                    _diagnostics.Drain(this);
                }
                catch (PipelineStoppedException)
                {
                    // Writing found the pipeline stopped before StopProcessing ran: cancel now, not when that comes.
                    _stopping.Cancel();
                    Abandon(task);
                    throw;
                }

                if (_stopping.IsCancellationRequested)
                {
                    Abandon(task);
                    throw new PipelineStoppedException();
                }
            }

            _diagnostics.Drain(this);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Enumerates an async stream on the pipeline thread, one element per request, nothing held.</summary>
        internal IEnumerable<T> Stream<T>(Func<CancellationToken, IAsyncEnumerable<T>> source)
        {
            var enumerator = source(_stopping.Token).GetAsyncEnumerator(_stopping.Token);
            var finished = false;
            try
            {
                while (true)
                {
                    ValueTask<bool> next;
                    using (UseDiagnostics())
                    {
                        next = enumerator.MoveNextAsync();
                    }

                    // Most elements come from a page already read: only a real wait needs the pump.
                    bool more;
                    if (next.IsCompletedSuccessfully)
                    {
                        more = next.Result;
                        _diagnostics.Drain(this);
                    }
                    else
                    {
                        more = Await(next.AsTask());
                    }

                    if (!more)
                    {
                        break;
                    }

                    yield return enumerator.Current;
                }

                finished = true;
            }
            finally
            {
                // A stopped enumerator may still be inside MoveNextAsync; it ends by its cancellation, not by disposal.
                if (finished || !_stopping.IsCancellationRequested)
                {
                    Run(_ => enumerator.DisposeAsync().AsTask());
                }
            }
        }

        /// <summary>
        /// Tells how to detach from a wait that lasts as long as a job. Written before the wait starts: once Ctrl+C has
        /// stopped the pipeline nothing can be written any more.
        /// </summary>
        internal void WriteDetachHint(string what) =>
            WriteInformation(new HostInformationMessage { Message = what + ". Press Ctrl+C to detach; the job keeps running." }, HostTag);

        /// <summary>
        /// Writes a verbose message; with -Debug alone (no -Verbose) it goes to the debug stream instead, because
        /// PowerShell turns -Debug into a prompt for every verbose message, which a runbook cannot answer.
        /// </summary>
        internal void Verbose(string message)
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.TryGetValue("Debug", out var debug) && LanguagePrimitives.IsTrue(debug) && !bound.ContainsKey("Verbose"))
            {
                WriteDebug(message);
            }
            else
            {
                WriteVerbose(message);
            }
        }

        /// <summary>
        /// Ends the command with an error it cannot go on after (no session, a failed connect). Terminating, except
        /// under -ErrorAction SilentlyContinue or Ignore: PowerShell applies those to written errors only, so a thrown
        /// one would still stop the script that asked for silence. Returns so the caller can end its work.
        /// </summary>
        internal void Fail(ErrorRecord record)
        {
            var preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) ? bound : GetVariableValue("ErrorActionPreference");
            if (preference is ActionPreference action && (action == ActionPreference.SilentlyContinue || action == ActionPreference.Ignore))
            {
                WriteError(record);
                return;
            }

            ThrowTerminatingError(record);
        }

        /// <summary>
        /// ShouldProcess that -Force answers without a prompt, unless -WhatIf is in effect or -Confirm was asked for.
        /// Runbooks pass -Force so a High-impact operation never waits for an answer nobody can give.
        /// </summary>
        internal bool ShouldProcess(string target, string action, bool force)
        {
            if (force && !IsWhatIf && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        private bool Wants(string parameter, string preference) =>
            MyInvocation.BoundParameters.TryGetValue(parameter, out var bound)
                ? LanguagePrimitives.IsTrue(bound)
                : GetVariableValue(preference) is ActionPreference value && value != ActionPreference.SilentlyContinue && value != ActionPreference.Ignore;

        private bool IsWhatIf =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
                ? LanguagePrimitives.IsTrue(value)
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        private static async Task<bool> Completion(Task task)
        {
            await task.ConfigureAwait(false);
            return true;
        }

        // The pipeline has moved on; keep the abandoned call's late failure from surfacing as an unobserved exception.
        private static void Abandon(Task task) =>
            task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
