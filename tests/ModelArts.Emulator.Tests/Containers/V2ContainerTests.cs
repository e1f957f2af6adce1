using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using ModelArts.Emulator.Tests.V2;

namespace ModelArts.Emulator.Tests.Containers
{
    /// <summary>v2 custom-image jobs in containers: ModelArts's /home/ma-user layout, the v2 variables, workers reached by host name.</summary>
    public sealed class V2ContainerTests : IAsyncLifetime
    {
        private const string ImageUrl = "swr.example.com/team/fastseq:1.2";

        // Worker 0's listener hands the connection to cat, as in ContainerJobTests (busybox nc's own copy can lose it).
        private const string Script =
            "data=\"${1#--data_url=}\"; out=\"${2#--train_url=}\"\n" +
            "echo \"args $@\"\n" +
            "echo \"rank $VC_TASK_INDEX of $VC_WORKER_NUM hosts $VC_WORKER_HOSTS on $(hostname)\"\n" +
            "echo \"home $MA_HOME mount $MA_MOUNT_PATH job dir $MA_JOB_DIR log dir $MA_LOG_DIR cwd $(pwd) foo $FOO\"\n" +
            "cat \"$data/input.txt\"\n" +
            "master=\"${VC_WORKER_HOSTS%%,*}\"\n" +
            "if [ \"$VC_TASK_INDEX\" = 0 ]; then nc -l -p 29500 -e sh -c 'exec cat >&2'; else i=0; while [ $i -lt 240 ]; do " +
            "echo hello-from-worker-1 | nc \"$master\" 29500 2>/dev/null && break; i=$((i+1)); sleep 0.25; done; fi\n" +
            "echo trained > \"$out/model-$VC_TASK_INDEX.txt\"\n";

        private TestService _service = null!;
        private V2Api _api = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync(o => o.ImageMap = new Dictionary<string, string> { [ImageUrl] = TestImage.Name });
            _api = new V2Api(_service);
            _service.PutObject("test-bucket/data/input.txt", "mnist\n");
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [ContainerFact]
        public async Task TwoWorkersSeeTheV2LayoutAndEnvironmentAndReachEachOtherByHostName()
        {
            var id = await _api.CreateAsync(Body("v2_image", "sh ${MA_JOB_DIR}/code/run.sh", nodes: 2));
            var ended = await _api.WaitForEndAsync(id, timeoutSeconds: 120);
            var logs = new[] { await _api.LogAsync(id, "worker-0"), await _api.LogAsync(id, "worker-1") };
            Assert.True(V2Api.Phase(ended) == "Completed", string.Join("\n", logs));
            const string mount = "/home/ma-user/modelarts";
            var hosts = $"modelarts-job-{id}-worker-0,modelarts-job-{id}-worker-1";
            Assert.Contains($"args --data_url={mount}/inputs/data_url_0 --train_url={mount}/outputs/train_url_0\n", logs[0]);
            Assert.Contains($"rank 0 of 2 hosts {hosts} on modelarts-job-{id}-worker-0\n", logs[0]);
            Assert.Contains($"rank 1 of 2 hosts {hosts} on modelarts-job-{id}-worker-1\n", logs[1]);
            Assert.Contains($"home /home/ma-user mount {mount} job dir {mount}/user-job-dir log dir {mount}/log cwd {mount}/user-job-dir/code foo bar\n", logs[0]);
            Assert.Contains("mnist\n", logs[1]);
            Assert.Contains("hello-from-worker-1\n", logs[0]);
            Assert.Equal("trained\n", File.ReadAllText(_service.ObsPath("test-bucket/v2_image/out/model-0.txt")));
            Assert.Equal("trained\n", File.ReadAllText(_service.ObsPath("test-bucket/v2_image/out/model-1.txt")));
        }

        private Dictionary<string, object?> Body(string name, string command, int nodes)
        {
            _service.PutObject($"test-bucket/{name}/code/run.sh", Script);
            return new Dictionary<string, object?>
            {
                ["kind"] = "job",
                ["metadata"] = new { name, description = "v2 custom image in containers" },
                ["algorithm"] = new
                {
                    code_dir = $"/test-bucket/{name}/code/",
                    engine = new { image_url = ImageUrl },
                    command,
                    parameters = Array.Empty<object>(),
                    inputs = new[] { new { name = "data_url", remote = new { obs = new { obs_url = "/test-bucket/data/" } } } },
                    outputs = new[] { new { name = "train_url", remote = new { obs = new { obs_url = $"/test-bucket/{name}/out/" } } } },
                    environments = new Dictionary<string, string> { ["FOO"] = "bar" },
                },
                ["spec"] = new { resource = new { flavor_id = "modelarts.vm.cpu.8u", node_count = nodes } },
            };
        }
    }
}
