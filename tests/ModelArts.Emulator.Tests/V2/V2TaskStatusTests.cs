using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary><c>status.task_statuses</c> says how each worker ended, in the SDK's TaskStatuses fields (task, exit_code, message).</summary>
    public sealed class V2TaskStatusTests : IAsyncLifetime
    {
        private TestService _service = null!;
        private V2Api _api = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync(o => o.MaxRunningJobs = 2);
            _api = new V2Api(_service);
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task ACompletedTwoWorkerJobReportsExitCodeZeroPerTaskAndNoMessage()
        {
            var id = await _api.CreatePythonJobAsync("tasks_ok", "print('fine')\n", nodes: 2);
            var ended = await _api.WaitForEndAsync(id);
            Assert.True(V2Api.Phase(ended) == "Completed", await _api.LogAsync(id));
            var tasks = V2Api.At(ended, "status", "task_statuses").EnumerateArray().ToList();
            Assert.Equal(new[] { "worker-0", "worker-1" }, tasks.Select(t => t.GetProperty("task").GetString()));
            Assert.All(tasks, t => Assert.Equal(0, t.GetProperty("exit_code").GetInt32()));
            Assert.All(tasks, t => Assert.False(t.TryGetProperty("message", out _)));
            var record = V2Api.At(ended, "status", "running_records", "0");
            Assert.Equal(V2Api.At(ended, "status", "start_time").GetInt64() / 1000, record.GetProperty("start_at").GetInt64());
            Assert.Equal(JsonValueKind.Number, record.GetProperty("end_at").ValueKind);
            Assert.Equal(JsonValueKind.Null, record.GetProperty("end_reason").ValueKind);
        }

        [Fact]
        public async Task AFailedTwoWorkerJobReportsTheFailingTasksCodeAndWhy()
        {
            var script = "import os, sys\nsys.exit(3 if os.environ['VC_TASK_INDEX'] == '1' else 0)\n";
            var id = await _api.CreatePythonJobAsync("tasks_fail", script, nodes: 2);
            var ended = await _api.WaitForEndAsync(id);
            Assert.Equal("Failed", V2Api.Phase(ended));
            var tasks = V2Api.At(ended, "status", "task_statuses").EnumerateArray().ToList();
            Assert.Equal(2, tasks.Count);
            Assert.Equal("worker-0", tasks[0].GetProperty("task").GetString());
            Assert.Equal(0, tasks[0].GetProperty("exit_code").GetInt32());
            Assert.False(tasks[0].TryGetProperty("message", out _));
            Assert.Equal("worker-1", tasks[1].GetProperty("task").GetString());
            Assert.Equal(3, tasks[1].GetProperty("exit_code").GetInt32());
            Assert.Equal("worker 1 exited with code 3.", tasks[1].GetProperty("message").GetString());
            var record = V2Api.At(ended, "status", "running_records", "0");
            Assert.Equal("init_or_rescheduled", record.GetProperty("start_type").GetString());
            Assert.Equal("worker-1", record.GetProperty("end_related_task").GetString());
            Assert.Equal("worker 1 exited with code 3.", record.GetProperty("end_reason").GetString());
            Assert.InRange(record.GetProperty("end_at").GetInt64() - record.GetProperty("start_at").GetInt64(), 0, 600);
            // The same answer after the job ended, from the store rather than the run.
            var again = await _api.GetAsync("/training-jobs/" + id);
            Assert.Equal(3, V2Api.At(again, "status", "task_statuses", "1", "exit_code").GetInt32());
        }

        [Fact]
        public async Task ARunningJobHasNoTaskStatusesYet()
        {
            var id = await _api.CreatePythonJobAsync("tasks_running", "import time\nprint('started', flush=True)\ntime.sleep(60)\n");
            var running = await _api.WaitForPhaseAsync(id, p => p == "Running");
            Assert.Equal(JsonValueKind.Null, V2Api.At(running, "status", "task_statuses").ValueKind);
            Assert.Equal(JsonValueKind.Null, V2Api.At(running, "status", "running_records", "0", "end_at").ValueKind);
            await _api.PostAsync($"/training-jobs/{id}/actions", new { action_type = "terminate" });
            var ended = await _api.WaitForEndAsync(id);
            Assert.Equal("Training stopped: stopped by the user.", V2Api.At(ended, "status", "task_statuses", "0", "message").GetString());
        }
    }
}
