using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using ModelArts.Emulator.Jobs;

namespace ModelArts.Emulator.Tests.Containers
{
    /// <summary>v1 custom-image jobs in real containers: mounts, environment, a network per job, limits, stop, a missing image.</summary>
    public sealed class ContainerJobTests : IAsyncLifetime
    {
        internal const string ImageUrl = "swr.eu-de.otc.t-systems.com/team/train:1.0";

        private TestService _service = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync(o => o.ImageMap = new Dictionary<string, string> { [ImageUrl] = TestImage.Name });
            _service.PutObject("test-bucket/data/input.txt", "mnist\n");
            _service.PutObject("test-bucket/image/code/train.py", "print('never run: the image has no python')\n");
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        /// <summary>
        /// Worker 0 listens and prints what worker 1 sends. The listener hands the connection to <c>cat</c> (<c>-e</c>):
        /// busybox's nc shuts its sending side down as soon as its own standard input ends (here at once), and a client
        /// that sees that end can exit before it has sent anything (13 % of runs on the host alone).
        /// </summary>
        [ContainerFact]
        public async Task TwoWorkersSeeTheirMountsAndEnvironmentAndReachEachOtherByHostName()
        {
            const string command =
                "echo \"index $DLS_TASK_INDEX of $DLS_TASK_NUMBER on $(hostname) peers $BATCH_CUSTOM0_HOSTS $BATCH_CUSTOM1_HOSTS lr $lr\"; " +
                "echo \"cwd $(pwd)\"; ls /home/work/user-job-dir/code; cat /home/work/data/input.txt; " +
                "(echo x > /home/work/data/written) 2>/dev/null || echo 'data is read-only'; " +
                "if [ \"$DLS_TASK_INDEX\" = 0 ]; then nc -l -p ${BATCH_CUSTOM0_HOSTS##*:} -e sh -c 'exec cat >&2'; " +
                "else i=0; while [ $i -lt 240 ]; do echo hello-from-worker-1 | nc ${BATCH_CUSTOM0_HOSTS%:*} ${BATCH_CUSTOM0_HOSTS##*:} 2>/dev/null && break; " +
                "i=$((i+1)); sleep 0.25; done; fi; " +
                "echo trained > /home/work/output/model-$DLS_TASK_INDEX.txt";
            var created = await _service.PostAsync("/training-jobs", Body("in_container", command, workers: 2));
            Assert.True(created.Status == HttpStatusCode.OK, created.Body.ToString());
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            var detail = await _service.WaitForEndAsync(job, version, timeoutSeconds: 120);
            var first = await _service.WholeLogAsync(job, version, "job-in-container.0");
            var second = await _service.WholeLogAsync(job, version, "job-in-container.1");
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 10, first + second);

            Assert.Contains($"with {TestImage.Runtime.Command} on 2 worker(s)", first);
            Assert.Contains($"(local image {TestImage.Name})", first);
            var peers = $"peers job{job}-worker-0:29500 job{job}-worker-1:29500 lr 0.5";
            Assert.True(first.Contains($"index 0 of 2 on job{job}-worker-0 {peers}\n"), first + second);
            Assert.Contains($"index 1 of 2 on job{job}-worker-1 {peers}\n", second);
            Assert.Contains("cwd /home/work/user-job-dir\n", first);
            Assert.Contains("train.py\n", first);
            Assert.Contains("mnist\n", first);
            Assert.Contains("data is read-only\n", first);
            Assert.True(first.Contains("hello-from-worker-1\n"), "worker 0:\n" + first + "\nworker 1:\n" + second);
            Assert.Equal("trained\n", File.ReadAllText(_service.ObsPath("test-bucket/in_container/output/model-0.txt")));
            Assert.Equal("trained\n", File.ReadAllText(_service.ObsPath("test-bucket/in_container/output/model-1.txt")));
            Assert.False(File.Exists(_service.ObsPath("test-bucket/data/written")));
            Assert.Empty(Leftovers(version));
        }

        /// <summary>
        /// A script that prints its last metric and exits at once loses none of it: twenty short runs, each printing
        /// lines on both streams and a last line without a newline, all of it in the log in the order of its stream.
        /// </summary>
        [ContainerFact]
        public async Task TheLastOutputOfAContainerThatExitsAtOnceIsInItsLog()
        {
            const int Runs = 20;
            const int Lines = 30;
            var command =
                $"i=0; while [ $i -lt {Lines} ]; do echo out-$i; echo err-$i >&2; i=$((i+1)); done; printf 'final metric 0.97'";
            var jobs = new List<(string Name, long Job, long Version)>();
            for (var run = 0; run < Runs; run++)
            {
                var created = await _service.PostAsync("/training-jobs", Body("burst_" + run, command, workers: 1));
                Assert.True(created.Status == HttpStatusCode.OK, created.Body.ToString());
                jobs.Add(("burst-" + run, created.Long("job_id"), created.Long("version_id")));
            }
            var incomplete = new List<string>();
            var watch = Stopwatch.StartNew();
            foreach (var (name, job, version) in jobs)
            {
                var detail = await _service.WaitForEndAsync(job, version, timeoutSeconds: 300);
                var log = await _service.WholeLogAsync(job, version, $"job-{name}.0");
                Assert.True(detail.Body.GetProperty("status").GetInt32() == 10, log);
                var lines = log.Split('\n');
                var expected = Enumerable.Range(0, Lines).Select(i => "out-" + i)
                    .Concat(Enumerable.Range(0, Lines).Select(i => "err-" + i)).Append("final metric 0.97");
                var outLines = lines.Where(l => l.StartsWith("out-", StringComparison.Ordinal));
                var errLines = lines.Where(l => l.StartsWith("err-", StringComparison.Ordinal));
                var seen = outLines.Concat(errLines).Concat(lines.Where(l => l == "final metric 0.97"));
                if (!seen.SequenceEqual(expected))
                {
                    incomplete.Add(name + ":\n" + log);
                }
            }
            Console.WriteLine($"{Runs} containers of {2 * Lines + 1} lines each ran and were read in {watch.Elapsed.TotalSeconds:0.0} s");
            Assert.True(incomplete.Count == 0, $"{incomplete.Count} of {Runs} logs were incomplete or out of order:\n" + string.Join("\n", incomplete));
        }

        // Containers run on Linux only (ContainerFact skips elsewhere); file modes are a Unix notion.
        [ContainerFact]
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public async Task TheFlavorBecomesLimitsAndTheEnvironmentFileIsOwnerOnly()
        {
            var created = await _service.PostAsync("/training-jobs", Body("limits", "sleep 300", workers: 1));
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            await _service.WaitForStatusAsync(job, version, s => s == 8);
            await WaitForContainerAsync(version);
            var environmentFile = Path.Combine(_service.DataRoot, "containers", version.ToString(), "env-0");
            Assert.True(File.Exists(environmentFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(environmentFile));
            var inspected = TestImage.Runtime.Call("inspect", "--format", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", Leftovers(version).Single());
            Assert.True(inspected.Succeeded, inspected.Reason);
            // Flavor 2 is modelarts.vm.cpu.2u: 2 cores and 8 GiB, no more than this machine has.
            var limits = inspected.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
            Assert.Equal(Math.Min(2, Environment.ProcessorCount) * 1_000_000_000L, limits[0]);
            Assert.InRange(limits[1], 1, 8L * 1024 * 1024 * 1024);
            await _service.PostAsync($"/training-jobs/{job}/versions/{version}/stop");
            await _service.WaitForEndAsync(job, version);
            Assert.False(File.Exists(environmentFile), "the environment file outlived the job");
        }

        [ContainerFact]
        public async Task StopRemovesTheContainerAndTheNetwork()
        {
            var created = await _service.PostAsync("/training-jobs", Body("stop_container", "echo started; sleep 300", workers: 2));
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            await _service.WaitForStatusAsync(job, version, s => s == 8);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            // The workers' run clients start one after the other, but either container may come up first.
            while (!(await _service.WholeLogAsync(job, version, "job-stop-container.0")).Contains("started\n")
                || !(await _service.WholeLogAsync(job, version, "job-stop-container.1")).Contains("started\n"))
            {
                Assert.True(DateTime.UtcNow < deadline, "the container did not start");
                await Task.Delay(100);
            }
            Assert.Equal(2, Leftovers(version).Count);

            Assert.True((await _service.PostAsync($"/training-jobs/{job}/versions/{version}/stop")).Body.GetProperty("is_success").GetBoolean());
            var detail = await _service.WaitForEndAsync(job, version, timeoutSeconds: 60);
            Assert.Equal(12, detail.Body.GetProperty("status").GetInt32());
            Assert.Contains("Training stopped: stopped by the user.", await _service.WholeLogAsync(job, version, "job-stop-container.0"));
            Assert.Empty(Leftovers(version));
            Assert.Empty(Networks(version));
        }

        [ContainerFact]
        public async Task AJobWithoutCodeRunsInTheJobDirectory()
        {
            var body = Body("no_code", "echo \"in $(pwd)\"", workers: 1);
            ((Dictionary<string, object?>)body["config"]!).Remove("app_url");
            var created = await _service.PostAsync("/training-jobs", body);
            Assert.True(created.Status == HttpStatusCode.OK, created.Body.ToString());
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            var detail = await _service.WaitForEndAsync(job, version, timeoutSeconds: 120);
            var log = await _service.WholeLogAsync(job, version, "job-no-code.0");
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 10, log);
            Assert.Contains("in /home/work/user-job-dir\n", log);
        }

        [ContainerFact]
        public async Task AMissingImageFailsTheJobWithTheReason()
        {
            var body = Body("missing_image", "echo never", workers: 1);
            ((Dictionary<string, object?>)body["config"]!)["user_image_url"] = "swr.eu-de.otc.t-systems.com/team/not-here:0.1";
            var created = await _service.PostAsync("/training-jobs", body);
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            var detail = await _service.WaitForEndAsync(job, version);
            var log = await _service.WholeLogAsync(job, version, "job-missing-image.0");
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 11, log);
            Assert.Contains("Training failed to start: The image swr.eu-de.otc.t-systems.com/team/not-here:0.1 is not on this machine", log);
            Assert.Contains("--pull-images", log);
            Assert.Contains("--image-map", log);
            Assert.DoesNotContain("never", log);
            Assert.Empty(Networks(version));
        }

        [ContainerFact]
        public async Task WithPullImagesAnImageThatCannotBePulledFailsTheJobWithTheEnginesReason()
        {
            // A registry on a loopback port nobody listens on: the pull is really tried and fails at once, offline.
            await using var service = await TestService.StartAsync(o => o.PullImages = true);
            var body = Body("unpullable", "echo never", workers: 1);
            ((Dictionary<string, object?>)body["config"]!)["user_image_url"] = "127.0.0.1:9/team/train:1.0";
            service.PutObject("test-bucket/image/code/train.py", "print('never run')\n");
            var created = await service.PostAsync("/training-jobs", body);
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            var detail = await service.WaitForEndAsync(job, version, timeoutSeconds: 120);
            var log = await service.WholeLogAsync(job, version, "job-unpullable.0");
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 11, log);
            Assert.Contains("Training failed to start: The image 127.0.0.1:9/team/train:1.0 could not be pulled: ", log);
            Assert.DoesNotContain("never", log);
        }

        /// <summary>
        /// A shutdown while a job is busy with no worker to kill (its image pull hangs on a registry that never
        /// answers) ends within the runner's bound and records the job KILLED, not LOST on the next start.
        /// </summary>
        [ContainerFact]
        public async Task AShutdownWhileAJobPullsItsImageEndsAndRecordsTheJobKilled()
        {
            using var registry = new TcpListener(IPAddress.Loopback, 0);
            registry.Start();
            var port = ((IPEndPoint)registry.LocalEndpoint).Port;
            var dataRoot = TestService.NewDirectory();
            var service = await TestService.StartAsync(o => o.PullImages = true, dataRoot);
            var body = Body("hanging_pull", "echo never", workers: 1);
            ((Dictionary<string, object?>)body["config"]!)["user_image_url"] = $"127.0.0.1:{port}/team/train:1.0";
            service.PutObject("test-bucket/image/code/train.py", "print('never run')\n");
            var created = await service.PostAsync("/training-jobs", body);
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            // The pull has reached the registry, which accepts and never answers.
            using var pulling = await registry.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(120));

            var watch = Stopwatch.StartNew();
            await service.StopAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(120));
            Console.WriteLine($"the service stopped {watch.Elapsed.TotalSeconds:0.0} s after the shutdown began (bound {JobRunner.StopGrace.TotalSeconds:0} s)");

            await using var restarted = await TestService.StartAsync(dataRoot: dataRoot);
            var detail = await restarted.GetAsync($"/training-jobs/{job}/versions/{version}");
            var log = await restarted.WholeLogAsync(job, version, "job-hanging-pull.0");
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 12, log);
            Assert.Contains("Training stopped: the local service shut down; the job had not ended", log);
            Assert.DoesNotContain("never", log);
        }

        [ContainerFact]
        public async Task TheServiceNamesItsEngineAndTheEnvironmentThatRunsAContainer()
        {
            var answer = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/_local/containers", authenticate: false);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(TestImage.Runtime.Command, answer.Str("engine"));
            var environment = answer.Body.GetProperty("environment").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            if (TestImage.Runtime.IsPodman)
            {
                Assert.Equal(Path.Combine(_service.DataRoot, "containers", "containers.conf"), environment["CONTAINERS_CONF"]);
                Assert.Contains("default_ulimits = []", File.ReadAllText(environment["CONTAINERS_CONF"]));
            }
            // With that environment alone, the engine starts a container of a local image: what a client's probe does.
            var start = new ProcessStartInfo(answer.Str("engine"), new[] { "run", "--rm", TestImage.Name, "echo", "probe ran" })
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
            using var probe = Process.Start(start)!;
            var output = await probe.StandardOutput.ReadToEndAsync();
            var error = await probe.StandardError.ReadToEndAsync();
            await probe.WaitForExitAsync();
            Assert.True(probe.ExitCode == 0, error);
            Assert.Equal("probe ran\n", output);
        }

        /// <summary>A v1 custom-image job with code, data, output and one hyperparameter.</summary>
        internal static Dictionary<string, object?> Body(string name, string command, int workers) => new()
        {
            ["job_name"] = name,
            ["config"] = new Dictionary<string, object?>
            {
                ["worker_server_num"] = workers,
                ["spec_id"] = 2,
                ["user_image_url"] = ImageUrl,
                ["user_command"] = command,
                ["app_url"] = "/test-bucket/image/code/",
                ["data_url"] = "/test-bucket/data/",
                ["train_url"] = $"/test-bucket/{name}/output/",
                ["parameter"] = new[] { new { label = "lr", value = "0.5" } },
            },
        };

        private async Task WaitForContainerAsync(long version)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Leftovers(version).Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "no container was started");
                await Task.Delay(100);
            }
        }

        private List<string> Leftovers(long version) => TestImage.Containers(_service.DataRoot, version);

        private List<string> Networks(long version) => TestImage.Networks(_service.DataRoot, version);
    }
}
