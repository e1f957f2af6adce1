using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Containers
{
    /// <summary>The examples/pytorch-ddp script as a PyTorch-engine job: two workers on the host form one process group.</summary>
    public sealed class PyTorchJobTests : IAsyncLifetime
    {
        private TestService _service = null!;

        public async Task InitializeAsync() =>
            _service = await TestService.StartAsync(o => o.EnginePython = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["PyTorch"] = TorchFactAttribute.Python,
                // Debian's python3 has no TensorFlow, which makes the engine's framework missing on purpose.
                ["TF-1.8.0-python3.6"] = TorchFactAttribute.Python,
            });

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [TorchFact]
        public async Task TwoWorkersTrainInOneProcessGroupAndRankZeroWritesTheModel()
        {
            var (job, version) = await CreateAsync("ddp", engineId: 22, workers: 2);
            var detail = await _service.WaitForEndAsync(job, version, timeoutSeconds: 300);
            var logs = new[] { await _service.WholeLogAsync(job, version, "job-ddp.0"), await _service.WholeLogAsync(job, version, "job-ddp.1") };
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 10, string.Join("\n", logs));
            Assert.Contains($"rank 0 of world size 2 (init tcp://127.0.0.1:", logs[0]);
            Assert.Contains($"rank 1 of world size 2 (init tcp://127.0.0.1:", logs[1]);
            AssertOneProcessGroup(logs, epochs: 3);
            Assert.True(new FileInfo(_service.ObsPath("test-bucket/ddp/output/model.pt")).Length > 0);
            Assert.Contains("\"world_size\": 2", File.ReadAllText(_service.ObsPath("test-bucket/ddp/output/metrics.json")));
        }

        [TorchFact]
        public async Task AnEngineWhoseFrameworkIsMissingFailsWithTheReason()
        {
            var (job, version) = await CreateAsync("no_tf", engineId: 4, workers: 1);
            var detail = await _service.WaitForEndAsync(job, version, timeoutSeconds: 120);
            var log = await _service.WholeLogAsync(job, version, "job-no-tf.0");
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 11, log);
            Assert.Contains($"Training failed to start: The engine TensorFlow TF-1.8.0-python3.6 runs with {TorchFactAttribute.Python} (--engine-python), which cannot import tensorflow", log);
            Assert.DoesNotContain("Traceback", log);
        }

        private async Task<(long Job, long Version)> CreateAsync(string name, int engineId, int workers)
        {
            _service.PutObject($"test-bucket/{name}/code/train.py", File.ReadAllText(Example("code/train.py")));
            Directory.CreateDirectory(_service.ObsPath("test-bucket/data"));
            var body = TestService.JobBody(name, workers, new[] { ("epochs", "3") });
            ((Dictionary<string, object?>)body["config"]!)["engine_id"] = engineId;
            var answer = await _service.PostAsync("/training-jobs", body);
            Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
            return (answer.Long("job_id"), answer.Long("version_id"));
        }

        /// <summary>DDP averages the gradients and the script the losses over all ranks: every rank logs the same numbers.</summary>
        internal static void AssertOneProcessGroup(IReadOnlyList<string> logs, int epochs)
        {
            var losses = logs.Select((log, rank) => Regex.Matches(log, $"rank {rank} epoch \\d+ loss (\\S+)").Select(m => m.Groups[1].Value).ToList()).ToList();
            Assert.Equal(epochs, losses[0].Count);
            Assert.Equal(losses[0], losses[1]);
            var checksums = logs.Select((log, rank) => Regex.Match(log, $"rank {rank} weight checksum (\\S+)").Groups[1].Value).ToList();
            Assert.NotEqual("", checksums[0]);
            Assert.Equal(checksums[0], checksums[1]);
        }

        /// <summary>A file of examples/pytorch-ddp.</summary>
        internal static string Example(string relative) => Repository.File("examples", "pytorch-ddp", relative);
    }
}
