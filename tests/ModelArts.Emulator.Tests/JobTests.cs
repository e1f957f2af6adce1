using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests
{
    /// <summary>Jobs really run: python scripts, workers, logs, stop, queueing, custom images.</summary>
    public sealed class JobTests : IAsyncLifetime
    {
        private const string Training = @"
import argparse, os, sys
parser = argparse.ArgumentParser()
parser.add_argument('--data_url')
parser.add_argument('--train_url')
parser.add_argument('--learning_rate')
parser.add_argument('--epochs')
args = parser.parse_args()
print('data', open(os.path.join(args.data_url, 'input.txt')).read().strip())
print('hyper', args.learning_rate, args.epochs)
print('worker', os.environ['DLS_TASK_INDEX'], 'of', os.environ['DLS_TASK_NUMBER'], 'job', os.environ['MA_JOB_ID'])
print('warning on stderr', file=sys.stderr)
with open(os.path.join(args.train_url, 'model-%s.txt' % os.environ['DLS_TASK_INDEX']), 'w') as f:
    f.write('trained with %s' % args.learning_rate)
";

        private TestService _service = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync(o => o.MaxRunningJobs = 2);
            _service.PutObject("test-bucket/data/input.txt", "mnist");
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task PythonJobGetsHyperparametersAndWritesToTrainUrl()
        {
            var (job, version) = await _service.CreatePythonJobAsync("train_mnist", Training, parameters: new[] { ("learning_rate", "0.01"), ("epochs", "3") });
            var detail = await _service.WaitForEndAsync(job, version);
            var log = await _service.WholeLogAsync(job, version, "job-train-mnist.0");
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 10, log);
            Assert.Contains("data mnist\n", log);
            Assert.Contains("hyper 0.01 3\n", log);
            Assert.Contains($"worker 0 of 1 job {job}\n", log);
            Assert.Contains("warning on stderr\n", log);
            Assert.EndsWith("[ModelArts Service Log]Training completed.\n", log);
            Assert.Equal("trained with 0.01", File.ReadAllText(_service.ObsPath("test-bucket/train_mnist/output/model-0.txt")));
            Assert.True(detail.Long("start_time") >= detail.Long("create_time"));
            Assert.True(detail.Long("duration") > 0);
        }

        [Fact]
        public async Task ExitCodeOneMeansFailed()
        {
            var (job, version) = await _service.CreatePythonJobAsync("fails", "import sys\nprint('about to fail')\nsys.exit(1)\n");
            var detail = await _service.WaitForEndAsync(job, version);
            Assert.Equal(11, detail.Body.GetProperty("status").GetInt32());
            Assert.Contains("worker 0 exited with code 1", await _service.WholeLogAsync(job, version, "job-fails.0"));
            Assert.Equal("ModelArts.0104", (await _service.PostAsync($"/training-jobs/{job}/versions/{version}/stop")).Code);
        }

        [Fact]
        public async Task EveryWorkerHasItsOwnLogAndOneFailureFailsTheJob()
        {
            var script = "import os, sys\nprint('I am worker', os.environ['DLS_TASK_INDEX'])\nsys.exit(3 if os.environ['DLS_TASK_INDEX'] == '2' else 0)\n";
            var (job, version) = await _service.CreatePythonJobAsync("Multi_Worker", script, workers: 3, logUrl: "/test-bucket/multi-logs/");
            var detail = await _service.WaitForEndAsync(job, version);
            Assert.Equal(11, detail.Body.GetProperty("status").GetInt32());
            var names = (await _service.GetAsync($"/training-jobs/{job}/versions/{version}/log/file-names")).Body.GetProperty("log_file_list")
                .EnumerateArray().Select(n => n.GetString()).ToArray();
            Assert.Equal(new[] { "job-multi-worker.0", "job-multi-worker.1", "job-multi-worker.2" }, names);
            for (var i = 0; i < 3; i++)
            {
                var log = await _service.WholeLogAsync(job, version, names[i]!);
                Assert.Contains($"I am worker {i}\n", log);
                Assert.Equal(i == 2, log.Contains("exited with code 3"));
                Assert.Equal(log, File.ReadAllText(_service.ObsPath("test-bucket/multi-logs/" + names[i])));
            }
        }

        [Fact]
        public async Task AomLogPagesByOpaquePositions()
        {
            var (job, version) = await _service.CreatePythonJobAsync("pages", "for i in range(1, 121):\n    print('line %d' % i)\n");
            await _service.WaitForEndAsync(job, version);
            var url = $"/training-jobs/{job}/versions/{version}/aom-log?log_file=job-pages.0";

            var tail = await _service.GetAsync(url + "&lines=10");
            Assert.Equal(10, tail.Body.GetProperty("lines").GetInt32());
            Assert.EndsWith("Training completed.\n", tail.Str("content"));
            Assert.StartsWith("line 112\n", tail.Str("content"));

            // Read the whole file backwards from the tail with asc, then forwards with desc: both give every line once, in order.
            var backwards = tail.Str("content");
            var start = tail.Str("start_line");
            while (true)
            {
                var page = await _service.GetAsync($"{url}&lines=7&order=asc&base_line={start}");
                if (page.Body.GetProperty("lines").GetInt32() == 0)
                {
                    Assert.Equal(start, page.Str("start_line"));
                    Assert.Equal(start, page.Str("end_line"));
                    Assert.Equal("", page.Str("content"));
                    break;
                }
                Assert.True(string.CompareOrdinal(page.Str("end_line"), start) < 0);
                backwards = page.Str("content") + backwards;
                start = page.Str("start_line");
            }
            var lines = backwards.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Enumerable.Range(1, 120).Select(i => "line " + i), lines.Where(l => l.StartsWith("line ")));

            // `start` is now the first line's position; paging forwards from it with desc gives the rest.
            var forwards = backwards.Substring(0, backwards.IndexOf('\n') + 1);
            var position = start;
            while (true)
            {
                var page = await _service.GetAsync($"{url}&lines=9&order=desc&base_line={position}");
                if (page.Body.GetProperty("lines").GetInt32() == 0)
                {
                    Assert.Equal(position, page.Str("end_line"));
                    break;
                }
                Assert.True(string.CompareOrdinal(page.Str("start_line"), position) > 0);
                forwards += page.Str("content");
                position = page.Str("end_line");
            }
            Assert.Equal(backwards, forwards);

            var zero = await _service.GetAsync(url + "&lines=0");
            Assert.Equal(0, zero.Body.GetProperty("lines").GetInt32());
        }

        [Fact]
        public async Task StopKillsTheWholeProcessTree()
        {
            var script = "import subprocess, time, sys\nchild = subprocess.Popen(['sleep', '300'])\nprint('child', child.pid, flush=True)\ntime.sleep(300)\n";
            var (job, version) = await _service.CreatePythonJobAsync("stop_me", script);
            await _service.WaitForStatusAsync(job, version, s => s == 8);
            string log;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!(log = await _service.WholeLogAsync(job, version, "job-stop-me.0")).Contains("child "))
            {
                Assert.True(DateTime.UtcNow < deadline, log);
                await Task.Delay(50);
            }
            var childPid = int.Parse(log.Split('\n').First(l => l.StartsWith("child ")).Substring(6));

            Assert.True((await _service.PostAsync($"/training-jobs/{job}/versions/{version}/stop")).Body.GetProperty("is_success").GetBoolean());
            var detail = await _service.WaitForEndAsync(job, version, timeoutSeconds: 20);
            Assert.Equal(12, detail.Body.GetProperty("status").GetInt32());
            Assert.Contains("Training stopped: stopped by the user.", await _service.WholeLogAsync(job, version, "job-stop-me.0"));
            Assert.False(IsAlive(childPid), "the child process survived the stop");
            Assert.True((await _service.PostAsync($"/training-jobs/{job}/versions/{version}/stop")).Body.GetProperty("is_success").GetBoolean());
        }

        [Fact]
        public async Task JobsBeyondTheLimitWaitAndThenRun()
        {
            var sleeper = "import time\ntime.sleep(3)\n";
            var ids = new[]
            {
                await _service.CreatePythonJobAsync("q1", sleeper),
                await _service.CreatePythonJobAsync("q2", sleeper),
                await _service.CreatePythonJobAsync("q3", sleeper),
            };
            await _service.WaitForStatusAsync(ids[0].Job, ids[0].Version, s => s == 8);
            await _service.WaitForStatusAsync(ids[1].Job, ids[1].Version, s => s == 8);
            Assert.Equal(7, (await _service.GetAsync($"/training-jobs/{ids[2].Job}/versions/{ids[2].Version}")).Body.GetProperty("status").GetInt32());
            foreach (var (job, version) in ids)
            {
                Assert.Equal(10, (await _service.WaitForEndAsync(job, version)).Body.GetProperty("status").GetInt32());
            }
            var details = await Task.WhenAll(ids.Select(i => _service.GetAsync($"/training-jobs/{i.Job}/versions/{i.Version}")));
            var firstEnd = details.Take(2).Min(d => d.Long("start_time") + d.Long("duration"));
            Assert.True(details[2].Long("start_time") >= firstEnd, "the third job started before a slot was free");
        }

        [Fact]
        public async Task ShellAndMissingBootFiles()
        {
            _service.PutObject("test-bucket/sh/code/run.sh", "echo \"shell says $1 $DLS_TASK_INDEX\"\n");
            var body = TestService.JobBody("sh");
            var config = (System.Collections.Generic.Dictionary<string, object?>)body["config"]!;
            config["boot_file_url"] = "/test-bucket/sh/code/run.sh";
            var created = await _service.PostAsync("/training-jobs", body);
            await _service.WaitForEndAsync(created.Long("job_id"), created.Long("version_id"));
            Assert.Contains("shell says --data_url=", await _service.WholeLogAsync(created.Long("job_id"), created.Long("version_id"), "job-sh.0"));

            config["boot_file_url"] = "/test-bucket/sh/code/missing.py";
            body["job_name"] = "missing";
            var missing = await _service.PostAsync("/training-jobs", body);
            Assert.Equal(11, (await _service.WaitForEndAsync(missing.Long("job_id"), missing.Long("version_id"))).Body.GetProperty("status").GetInt32());
            Assert.Contains("does not exist", await _service.WholeLogAsync(missing.Long("job_id"), missing.Long("version_id"), "job-missing.0"));
        }

        [Fact]
        public async Task CustomImageWithoutRuntimeFailsAndSaysWhy()
        {
            var created = await _service.PostAsync("/training-jobs", ImageBody("image_job"));
            Assert.Equal(HttpStatusCode.OK, created.Status);
            var detail = await _service.WaitForEndAsync(created.Long("job_id"), created.Long("version_id"));
            Assert.Equal(11, detail.Body.GetProperty("status").GetInt32());
            Assert.Contains("--run-images-on-host", await _service.WholeLogAsync(created.Long("job_id"), created.Long("version_id"), "job-image-job.0"));
        }

        [Fact]
        public async Task CustomImageRunsOnTheHostWhenAllowed()
        {
            await using var service = await TestService.StartAsync(o => o.RunImagesOnHost = true);
            Directory.CreateDirectory(service.ObsPath("test-bucket/data"));
            var created = await service.PostAsync("/training-jobs", ImageBody("host_image"));
            var detail = await service.WaitForEndAsync(created.Long("job_id"), created.Long("version_id"));
            var log = await service.WholeLogAsync(created.Long("job_id"), created.Long("version_id"), "job-host-image.0");
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 10, log);
            Assert.Contains("running user_command on the host", log);
            Assert.Contains("lr is 0.5 on 0\n", log);
        }

        private static object ImageBody(string name) => new
        {
            job_name = name,
            config = new
            {
                worker_server_num = 1,
                spec_id = 2,
                user_image_url = "swr.eu-de.otc.t-systems.com/team/train:1.0",
                user_command = "echo lr is $lr on $DLS_TASK_INDEX",
                data_url = "/test-bucket/data/",
                parameter = new[] { new { label = "lr", value = "0.5" } },
            },
        };

        private static bool IsAlive(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
