using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Emulator.Jobs;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;
using Xunit;

namespace ModelArts.Emulator.Tests
{
    /// <summary>
    /// The two ways a run ends before all of its workers run, which a job through the API reaches only by timing:
    /// every task still says how it ended (the v2 task_statuses), as it does after its workers ran.
    /// </summary>
    public sealed class JobExecutionTests : IDisposable
    {
        private readonly string _directory = TestService.NewDirectory();
        private readonly List<LogWriter> _logs = new List<LogWriter>();

        // The writers share their files through a registry of the whole process: each one is closed, then the folder goes.
        public void Dispose()
        {
            _logs.ForEach(l => l.Dispose());
            Directory.Delete(_directory, recursive: true);
        }

        [Fact]
        public async Task AStopBeforeTheWorkersStartLeavesEveryTaskStoppedWithTheReason()
        {
            var execution = new JobExecution(1);
            execution.Kill("stopped by the user.");
            var (plan, logs) = Plan(new WorkerCommand("python3", new[] { "-c", "print(1)" }, new Dictionary<string, string>(), _directory), 2);

            var status = await execution.RunAsync(plan, logs, Path.Combine(_directory, "workers"));

            Assert.Equal(JobStatus.Killed, status);
            Assert.Equal(new[] { new TaskOutcome(null, "Training stopped: stopped by the user."), new TaskOutcome(null, "Training stopped: stopped by the user.") }, execution.Tasks);
            Assert.Contains("Training stopped: stopped by the user.", ReadLog(1));
        }

        [Fact]
        public async Task AWorkerThatCannotStartFailsTheRunAndEveryTaskSaysWhich()
        {
            var execution = new JobExecution(2);
            // The service starts every worker through setsid, so a process that cannot start is one whose working
            // directory is gone (a missing interpreter is setsid's own exit code, a worker that ran and failed).
            var gone = Path.Combine(_directory, "removed");
            var (plan, logs) = Plan(new WorkerCommand("python3", new[] { "-c", "print(1)" }, new Dictionary<string, string>(), gone), 1);

            var status = await execution.RunAsync(plan, logs, Path.Combine(_directory, "workers"));

            Assert.Equal(JobStatus.Failed, status);
            var task = Assert.Single(execution.Tasks!);
            Assert.Null(task.ExitCode);
            Assert.StartsWith($"Training failed to start: worker 0: Cannot start '", task.Message);
        }

        private (LaunchPlan Plan, IReadOnlyList<LogWriter> Logs) Plan(WorkerCommand worker, int count)
        {
            var root = new DataRoot(_directory);
            var logs = Enumerable.Range(0, count).Select(i => new LogWriter(root, new[] { Path.Combine(_directory, "logs", $"worker-{i}.log") })).ToList();
            _logs.AddRange(logs);
            return (new LaunchPlan(Enumerable.Repeat(worker, count).ToList(), new string[0]), logs);
        }

        // Every line is written and flushed as it comes, so the file can be read while its writer is open.
        private string ReadLog(int index) => File.ReadAllText(Path.Combine(_directory, "logs", $"worker-{index}.log"));
    }
}
