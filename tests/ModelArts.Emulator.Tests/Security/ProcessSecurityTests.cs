using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>Skipped where setsid (util-linux) is missing: the test needs it to give the service a process group to interrupt.</summary>
    public sealed class SetsidFactAttribute : FactAttribute
    {
        public const string Setsid = "/usr/bin/setsid";

        public SetsidFactAttribute()
        {
            if (!File.Exists(Setsid))
            {
                Skip = "setsid (util-linux) is not installed";
            }
        }
    }

    /// <summary>Issue 15, item 14: the service as a program — a port in use is one line and exit code 1; Ctrl+C reaches the service, not its jobs.</summary>
    public sealed class ProcessSecurityTests : IDisposable
    {
        private readonly string _dataRoot = TestService.NewDirectory();

        public void Dispose()
        {
            try
            {
                Directory.Delete(_dataRoot, recursive: true);
            }
            catch (IOException)
            {
                // A worker may hold a file for a moment; the temp folder is cleaned later.
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private const string Env = "/usr/bin/env";

        private Process StartService(int port, bool ownGroup)
        {
            var dll = typeof(EmulatorApp).Assembly.Location;
            var start = new ProcessStartInfo(ownGroup ? Env : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // A shell without job control starts background commands with SIGINT and SIGQUIT ignored, and that carries
            // over to every child (the .NET runtime keeps an inherited SIG_IGN, as a Unix program should). A terminal's
            // service has them at their defaults, so the test gives them back before it starts the service.
            foreach (var argument in (ownGroup ? new[] { "--default-signal=INT,QUIT", SetsidFactAttribute.Setsid, "dotnet" } : Array.Empty<string>())
                .Concat(new[] { dll, "--urls", "http://127.0.0.1:" + port, "--data-root", _dataRoot, "--python", "python3" }))
            {
                start.ArgumentList.Add(argument);
            }
            return Process.Start(start)!;
        }

        [Fact]
        public async Task PortInUseIsOneLineAndExitCodeOne()
        {
            using var occupant = new TcpListener(IPAddress.Loopback, 0);
            occupant.Start();
            var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
            using var service = StartService(port, ownGroup: false);
            var errors = service.StandardError.ReadToEndAsync();
            await service.StandardOutput.ReadToEndAsync();
            await service.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var text = (await errors).Trim();
            Assert.Equal(1, service.ExitCode);
            Assert.Contains($"port {port} is in use", text);
            Assert.Single(text.Split('\n'));
        }

        /// <summary>
        /// A job that ends by itself just as the service shuts down (the shutdown lands at a different moment of its
        /// short life in every round) ends the shutdown and is recorded once: COMPLETED or KILLED, never left RUNNING
        /// or found LOST by the next start.
        /// </summary>
        [Fact]
        public async Task AJobEndingAsTheServiceShutsDownIsRecordedCompletedOrKilled()
        {
            var ends = new List<string>();
            for (var round = 0; round < 7; round++)
            {
                var dataRoot = TestService.NewDirectory();
                var service = await TestService.StartAsync(dataRoot: dataRoot);
                service.PutObject("test-bucket/race/code/train.py", "import time\nprint('started', flush=True)\ntime.sleep(0.3)\nprint('done')\n");
                var created = await service.PostAsync("/training-jobs", TestService.JobBody("race"));
                var (job, version) = (created.Long("job_id"), created.Long("version_id"));
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!(await service.WholeLogAsync(job, version, "job-race.0")).Contains("started\n"))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the job did not start within a minute");
                    await Task.Delay(20);
                }
                // From before the script's end to after it: 0 to 0.6 s after it printed, in steps of 0.1 s.
                await Task.Delay(100 * round);
                await service.StopAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(120));

                await using var restarted = await TestService.StartAsync(dataRoot: dataRoot);
                var status = (await restarted.GetAsync($"/training-jobs/{job}/versions/{version}")).Body.GetProperty("status").GetInt32();
                var log = await restarted.WholeLogAsync(job, version, "job-race.0");
                Assert.True(status == 10 || status == 12, $"round {round}: status {status}\n{log}");
                Assert.Contains(status == 10 ? "Training completed." : "Training stopped: the local service shut down", log);
                ends.Add(status == 10 ? "completed" : "killed");
            }
            Console.WriteLine("shutdown rounds: " + string.Join(", ", ends));
        }

        [SetsidFact]
        public async Task CtrlCInTheTerminalStopsJobsAsKilled()
        {
            var port = FreePort();
            var code = Path.Combine(_dataRoot, "obs", "test-bucket", "ctrlc", "code");
            Directory.CreateDirectory(code);
            Directory.CreateDirectory(Path.Combine(_dataRoot, "obs", "test-bucket", "data"));
            File.WriteAllText(Path.Combine(code, "train.py"), "import time\nprint('started', flush=True)\ntime.sleep(120)\n");

            using var service = StartService(port, ownGroup: true);
            _ = service.StandardError.ReadToEndAsync();
            var listening = await service.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains("listening on", listening);
            _ = service.StandardOutput.ReadToEndAsync();

            using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port) };
            var signIn = await http.PostAsync("/v3/auth/tokens", new StringContent(TestService.PasswordBody(), Encoding.UTF8, "application/json"));
            http.DefaultRequestHeaders.Add("X-Auth-Token", signIn.Headers.GetValues("X-Subject-Token").Single());
            var v1 = "/v1/" + TestService.ProjectId;
            var created = JsonDocument.Parse(await (await http.PostAsync(v1 + "/training-jobs",
                new StringContent(TestService.Json(TestService.JobBody("ctrlc"))!, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;
            var (job, version) = (created.GetProperty("job_id").GetInt64(), created.GetProperty("version_id").GetInt64());
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(await http.GetStringAsync($"{v1}/training-jobs/{job}/versions/{version}/aom-log?log_file=job-ctrlc.0&lines=50")).Contains("started"))
            {
                Assert.True(DateTime.UtcNow < deadline, "the job did not start within a minute");
                await Task.Delay(100);
            }

            // What a terminal does on Ctrl+C: SIGINT to every process of its foreground process group.
            using (var interrupt = Process.Start("kill", new[] { "-INT", "--", "-" + service.Id }))
            {
                await interrupt.WaitForExitAsync();
            }
            await service.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            await using var restarted = await TestService.StartAsync(dataRoot: _dataRoot);
            var status = (await restarted.GetAsync($"/training-jobs/{job}/versions/{version}")).Body.GetProperty("status").GetInt32();
            Assert.Equal(12, status);
        }
    }
}
