using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary>v2 jobs really run: the three seed kinds, local inputs and outputs, the v2 environment, two workers meeting over TCP.</summary>
    public sealed class V2RunTests : IAsyncLifetime
    {
        private const string Training = @"
import argparse, os
parser = argparse.ArgumentParser()
parser.add_argument('--data_url')
parser.add_argument('--train_url')
parser.add_argument('--epochs')
args = parser.parse_args()
print('data_url', args.data_url)
print('data', open(os.path.join(args.data_url, 'input.txt')).read().strip())
print('epochs', args.epochs)
for name in ['MA_HOME', 'MA_JOB_DIR', 'MA_MOUNT_PATH', 'MA_LOG_DIR', 'MA_CURRENT_IP', 'MA_NUM_GPUS', 'MA_TASK_NAME', 'MA_NUM_HOSTS', 'VC_TASK_INDEX', 'VC_WORKER_NUM', 'VC_WORKER_HOSTS', 'FOO']:
    print('env', name, os.environ.get(name))
print('cwd', os.getcwd())
with open(os.path.join(args.train_url, 'model.txt'), 'w') as f:
    f.write('trained %s epochs' % args.epochs)
";

        private TestService _service = null!;
        private V2Api _api = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync(o =>
            {
                o.MaxRunningJobs = 4;
                o.RunImagesOnHost = true;
                o.V2OutputUploadPeriod = TimeSpan.FromSeconds(1);
            });
            _api = new V2Api(_service);
            _service.PutObject("test-bucket/data/input.txt", "mnist");
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task CodeFromObsWithObsDataRunsOnLocalCopiesAndUploadsItsOutput()
        {
            var id = await _api.CreatePythonJobAsync("seed_a", Training, b =>
            {
                var algorithm = (Dictionary<string, object?>)b["algorithm"]!;
                algorithm["parameters"] = new[] { new { name = "epochs", value = "3" } };
                algorithm["environments"] = new Dictionary<string, string> { ["FOO"] = "bar" };
            });
            var ended = await _api.WaitForEndAsync(id);
            var log = await _api.LogAsync(id);
            Assert.True(V2Api.Phase(ended) == "Completed", log);
            var home = Path.Combine(_service.DataRoot, "jobs", "v2", id);
            var dataDir = V2Api.At(ended, "algorithm", "inputs", "0", "local_dir").GetString()!;
            Assert.Equal(Path.Combine(home, "modelarts", "inputs", "data_url_0"), dataDir);
            Assert.Contains($"data_url {dataDir}\n", log);
            Assert.Contains("data mnist\n", log);
            Assert.Contains("epochs 3\n", log);
            Assert.Contains($"env MA_HOME {home}\n", log);
            Assert.Contains($"env MA_MOUNT_PATH {home}/modelarts\n", log);
            Assert.Contains($"env MA_JOB_DIR {home}/modelarts/user-job-dir\n", log);
            Assert.Contains($"env MA_LOG_DIR {home}/modelarts/log\n", log);
            Assert.Contains("env MA_CURRENT_IP 127.0.0.1\n", log);
            Assert.Contains("env MA_NUM_GPUS 0\n", log);
            Assert.Contains("env MA_TASK_NAME worker\n", log);
            Assert.Contains("env MA_NUM_HOSTS 1\n", log);
            Assert.Contains("env VC_TASK_INDEX 0\n", log);
            Assert.Contains("env VC_WORKER_NUM 1\n", log);
            Assert.Contains("env VC_WORKER_HOSTS 127.0.0.1\n", log);
            Assert.Contains("env FOO bar\n", log);
            Assert.Contains($"cwd {home}/modelarts/user-job-dir/code\n", log);
            Assert.Equal("trained 3 epochs", File.ReadAllText(_service.ObsPath("test-bucket/seed_a/output/model.txt")));
            var exported = _service.ObsPath($"test-bucket/seed_a/logs/modelarts-job-{id}-worker-0.log");
            Assert.True(File.Exists(exported), "no log under log_export_path");
            Assert.Equal(log, File.ReadAllText(exported));
        }

        [Fact]
        public async Task ADatasetInputResolvesToItsFilesAndEnvAccessGivesAVariable()
        {
            var dataset = Path.Combine(_service.DataRoot, "datasets", "ds-flowers", "v3");
            Directory.CreateDirectory(dataset);
            File.WriteAllText(Path.Combine(dataset, "labels.txt"), "rose,tulip");
            var script = "import os\nd = os.environ['data_url']\nprint('dataset', open(os.path.join(d, 'labels.txt')).read())\n" +
                "open(os.path.join(os.environ['train_url'], 'out.txt'), 'w').write('ok')\n";
            var id = await _api.CreatePythonJobAsync("seed_b", script, b =>
            {
                var algorithm = (Dictionary<string, object?>)b["algorithm"]!;
                algorithm["inputs"] = new[] { new { name = "data_url", access_method = "env", remote = new { dataset = new { id = "ds-flowers", version_id = "v3" } } } };
                algorithm["outputs"] = new[] { new { name = "train_url", access_method = "env", remote = new { obs = new { obs_url = "/test-bucket/seed_b/out/" } } } };
            });
            var ended = await _api.WaitForEndAsync(id);
            var log = await _api.LogAsync(id);
            Assert.True(V2Api.Phase(ended) == "Completed", log);
            Assert.Contains("dataset rose,tulip\n", log);
            Assert.Equal("v3", V2Api.At(ended, "algorithm", "inputs", "0", "remote", "dataset", "version_id").GetString());
            Assert.Equal("ok", File.ReadAllText(_service.ObsPath("test-bucket/seed_b/out/out.txt")));
        }

        [Fact]
        public async Task ACustomImageCommandRunsOnTheHostWithItsArguments()
        {
            _service.PutObject("test-bucket/seed_c/code/run.sh", "echo \"image job args: $@\"\necho \"rank $VC_TASK_INDEX NCCL_DEBUG=$NCCL_DEBUG\"\ncp \"$MA_JOB_DIR/code/run.sh\" \"${2#--train_url=}/copied.sh\"\n");
            var id = await _api.CreateAsync(new
            {
                kind = "job",
                metadata = new { name = "seed_c", description = "custom image" },
                algorithm = new
                {
                    code_dir = "/test-bucket/seed_c/code/",
                    engine = new { image_url = "swr.example.com/team/fastseq:1.2" },
                    command = "bash ${MA_JOB_DIR}/code/run.sh",
                    parameters = Array.Empty<object>(),
                    policies = new { auto_search = (object?)null },
                    inputs = new[] { new { name = "data_url", remote = new { obs = new { obs_url = "/test-bucket/data/" } } } },
                    outputs = new[] { new { name = "train_url", remote = new { obs = new { obs_url = "/test-bucket/seed_c/out/" } } } },
                    environments = new Dictionary<string, string> { ["NCCL_DEBUG"] = "INFO", ["NCCL_IB_DISABLE"] = "0" },
                },
                spec = new { resource = new { flavor_id = "modelarts.p3.large.public", node_count = 1 }, log_export_path = new { obs_url = "/test-bucket/seed_c/logs/" } },
            });
            var ended = await _api.WaitForEndAsync(id);
            var log = await _api.LogAsync(id);
            Assert.True(V2Api.Phase(ended) == "Completed", log);
            Assert.Equal("swr.example.com/team/fastseq:1.2", V2Api.At(ended, "algorithm", "engine", "image_url").GetString());
            Assert.Contains("image job args: --data_url=", log);
            Assert.Contains("rank 0 NCCL_DEBUG=INFO\n", log);
            Assert.Contains("has 1 GPU(s) (NVIDIA-V100); the local service runs the job on this machine's CPU.", log);
            Assert.Contains("running the command on the host (--run-images-on-host)", log);
            Assert.True(File.Exists(_service.ObsPath("test-bucket/seed_c/out/copied.sh")));
        }

        [Fact]
        public async Task TwoWorkersMeetOverTcpAtTheFirstWorkerHost()
        {
            var port = FreePort();
            var script = @"
import os, socket, time
index = int(os.environ['VC_TASK_INDEX'])
hosts = os.environ['VC_WORKER_HOSTS'].split(',')
master = hosts[0]
port = int(os.environ['MASTER_PORT'])
print('worker', index, 'of', os.environ['VC_WORKER_NUM'], 'master', master, flush=True)
if index == 0:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((master, port))
    server.listen(1)
    server.settimeout(60)
    connection, _ = server.accept()
    print('master got:', connection.recv(100).decode(), flush=True)
    connection.sendall(b'welcome')
    connection.close()
else:
    deadline = time.time() + 60
    while True:
        try:
            client = socket.create_connection((master, port), timeout=5)
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)
    client.sendall(('hello from %d' % index).encode())
    print('worker got:', client.recv(100).decode(), flush=True)
";
            var id = await _api.CreatePythonJobAsync("two_workers", script, b =>
            {
                ((Dictionary<string, object?>)b["algorithm"]!)["environments"] = new Dictionary<string, string> { ["MASTER_PORT"] = port.ToString() };
                ((Dictionary<string, object?>)b["algorithm"]!)["outputs"] = Array.Empty<object>();
            }, nodes: 2);
            var ended = await _api.WaitForEndAsync(id);
            var first = await _api.LogAsync(id, "worker-0");
            var second = await _api.LogAsync(id, "worker-1");
            Assert.True(V2Api.Phase(ended) == "Completed", first + second);
            Assert.Equal("[\"worker-0\",\"worker-1\"]", V2Api.At(ended, "status", "tasks").GetRawText());
            Assert.Contains("worker 0 of 2 master 127.0.0.1\n", first);
            Assert.Contains("master got: hello from 1\n", first);
            Assert.Contains("worker 1 of 2 master 127.0.0.1\n", second);
            Assert.Contains("worker got: welcome\n", second);
        }

        [Fact]
        public async Task OutputsAreUploadedWhileTheJobRuns()
        {
            var script = "import os, sys, time\ntrain = [a.split('=', 1)[1] for a in sys.argv if a.startswith('--train_url=')][0]\n" +
                "open(os.path.join(train, 'early.txt'), 'w').write('early')\nprint('written', flush=True)\ntime.sleep(300)\n";
            var id = await _api.CreatePythonJobAsync("periodic", script);
            var early = _service.ObsPath("test-bucket/periodic/output/early.txt");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(early))
            {
                Assert.True(DateTime.UtcNow < deadline, "the output did not reach OBS while the job ran");
                await Task.Delay(100);
            }
            Assert.Equal("Running", V2Api.Phase(await _api.GetAsync("/training-jobs/" + id)));
            Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"/training-jobs/{id}/actions", new { action_type = "terminate" })).Status);
            Assert.Equal("Terminated", V2Api.Phase(await _api.WaitForEndAsync(id)));
        }

        [Fact]
        public async Task ACrashingScriptFailsTheJob()
        {
            var id = await _api.CreatePythonJobAsync("crash", "import sys\nprint('about to fail')\nsys.exit(3)\n");
            Assert.Equal("Failed", V2Api.Phase(await _api.WaitForEndAsync(id)));
            Assert.Contains("worker 0 exited with code 3", await _api.LogAsync(id));
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
