using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Emulator.Jobs.Containers;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>
    /// One running version: its worker processes, their output pumped line by line into the logs, and the
    /// final status from the exit codes. <see cref="Kill"/> ends the whole process tree of every worker.
    /// </summary>
    internal sealed class JobExecution
    {
        /// <summary>
        /// Workers run in a session of their own, so the Ctrl+C that a terminal sends to its whole foreground process
        /// group reaches only the service, which then stops them: they end Killed, not with a KeyboardInterrupt.
        /// setsid execs in place (a forked child leads no group), so the worker keeps the pid the service records.
        /// </summary>
        private static readonly string? Setsid = OperatingSystem.IsWindows() ? null : new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

        private readonly List<Process> _processes = new List<Process>();
        private readonly List<Action> _containerStops = new List<Action>();
        private string? _killReason;

        public JobExecution(long versionId) => VersionId = versionId;

        public long VersionId { get; }

        public bool Killed => _killReason != null;

        /// <summary>How each worker ended, once all of them have; null when none ran to an end.</summary>
        public IReadOnlyList<TaskOutcome>? Tasks { get; private set; }

        public void Kill(string reason)
        {
            lock (_processes)
            {
                _killReason ??= reason;
                _processes.ForEach(KillTree);
                _containerStops.ForEach(stop => stop());
            }
        }

        /// <summary>Runs the plan to its end and returns the status it ended with; the workers are listed in <paramref name="workerFile"/>.</summary>
        public async Task<int> RunAsync(LaunchPlan plan, IReadOnlyList<LogWriter> logs, string workerFile)
        {
            try
            {
                return await RunWorkersAsync(plan, logs, workerFile);
            }
            finally
            {
                plan.Release?.Invoke();
            }
        }

        private async Task<int> RunWorkersAsync(LaunchPlan plan, IReadOnlyList<LogWriter> logs, string workerFile)
        {
            foreach (var note in plan.Notes)
            {
                Broadcast(logs, note);
            }
            var pumps = new List<Task>();
            var waits = new List<Task<int>>();
            lock (_processes)
            {
                // Stopped before its workers started (the user's stop came while the service prepared them): every
                // task still says how it ended, as after a stop of running workers.
                if (Killed)
                {
                    Tasks = plan.Workers.Select(_ => new TaskOutcome(null, StoppedMessage)).ToList();
                    return Stopped(logs);
                }
                for (var i = 0; i < plan.Workers.Count; i++)
                {
                    var process = TryStart(plan.Workers[i], logs[i], out var problem);
                    if (process == null)
                    {
                        _processes.ForEach(KillTree);
                        _containerStops.ForEach(stop => stop());
                        var message = $"Training failed to start: worker {i}: {problem}";
                        Tasks = plan.Workers.Select(_ => new TaskOutcome(null, message)).ToList();
                        return JobStatus.Failed;
                    }
                    _processes.Add(process);
                    WorkerRecord.Add(workerFile, process);
                    if (plan.Workers[i].Stop is Action stop)
                    {
                        _containerStops.Add(stop);
                    }
                    if (plan.Workers[i].OutputFile is string output)
                    {
                        // The client prints only the container's id there; the output is in the container's log.
                        pumps.Add(process.StandardOutput.ReadToEndAsync());
                        pumps.Add(PumpContainerLogAsync(logs[i], output, process));
                    }
                    else
                    {
                        pumps.Add(logs[i].PumpAsync(process.StandardOutput));
                    }
                    pumps.Add(logs[i].PumpAsync(process.StandardError));
                    waits.Add(WaitForExit(process));
                }
            }
            var exitCodes = await Task.WhenAll(waits);
            // A background child may keep a pipe open after its worker ended; its output is not waited for long.
            await Task.WhenAny(Task.WhenAll(pumps), Task.Delay(TimeSpan.FromSeconds(5)));
            _processes.ForEach(p => p.Dispose());
            File.Delete(workerFile);
            if (Killed)
            {
                var stopped = Stopped(logs);
                Tasks = exitCodes.Select(code => new TaskOutcome(code, StoppedMessage)).ToList();
                return stopped;
            }
            Tasks = exitCodes.Select((code, index) => new TaskOutcome(code, code == 0 ? null : $"worker {index} exited with code {code}.")).ToList();
            var failed = Tasks.Select((task, index) => (task.Message, index)).Where(w => w.Message != null).ToList();
            foreach (var (message, index) in failed)
            {
                logs[index].Service("Training failed: " + message);
            }
            if (failed.Count > 0)
            {
                return JobStatus.Failed;
            }
            Broadcast(logs, "Training completed.");
            return JobStatus.Completed;
        }

        private string StoppedMessage => "Training stopped: " + _killReason;

        private int Stopped(IReadOnlyList<LogWriter> logs)
        {
            Broadcast(logs, StoppedMessage);
            return JobStatus.Killed;
        }

        private static void Broadcast(IReadOnlyList<LogWriter> logs, string text)
        {
            foreach (var log in logs)
            {
                log.Service(text);
            }
        }

        private static Process? TryStart(WorkerCommand command, LogWriter log, out string? problem)
        {
            problem = null;
            var start = new ProcessStartInfo(Setsid ?? command.FileName)
            {
                WorkingDirectory = command.WorkingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            if (Setsid != null)
            {
                start.ArgumentList.Add(command.FileName);
            }
            command.Arguments.ToList().ForEach(start.ArgumentList.Add);
            // The command's environment is complete (JobEnvironment); nothing of the service's own may leak in.
            start.Environment.Clear();
            foreach (var (name, value) in command.Environment)
            {
                start.Environment[name] = value;
            }
            try
            {
                var process = Process.Start(start) ?? throw new InvalidOperationException("no process was started");
                process.StandardInput.Close();
                return process;
            }
            catch (Exception e) when (e is Win32Exception || e is InvalidOperationException)
            {
                problem = $"Cannot start '{command.FileName}': {e.Message}";
                log.Service(problem);
                return null;
            }
        }

        private static async Task PumpContainerLogAsync(LogWriter log, string path, Process client)
        {
            using var reader = new ContainerLogReader(path, client.WaitForExitAsync());
            await log.PumpAsync(reader);
        }

        private static async Task<int> WaitForExit(Process process)
        {
            await process.WaitForExitAsync();
            return process.ExitCode;
        }

        private static void KillTree(Process process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException || e is Win32Exception)
            {
                // Already gone.
            }
        }
    }
}
