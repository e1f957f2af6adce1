using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Emulator.Jobs;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary>
    /// The tests that change this process's environment run alone: a service program another test starts meanwhile
    /// (a restart, a SIGKILL, Ctrl+C) inherits it, and would take MODELARTS_LOCAL_SECRET_KEY as its secret key.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection
    {
        public const string Name = "Changes the process environment";
    }

    /// <summary>Nothing of the service's own environment reaches a job of either API beyond the documented allow-list.</summary>
    [Collection(ProcessEnvironmentCollection.Name)]
    public sealed class V2EnvironmentTests : IAsyncLifetime
    {
        private const string Dump = "import os\nfor k in sorted(os.environ):\n    print('ENV %s=%s' % (k, os.environ[k]))\n";

        private readonly string _secret = "leak-check-" + Guid.NewGuid().ToString("N");
        private TestService _service = null!;

        public async Task InitializeAsync()
        {
            // The service runs in this process, so its environment is this one.
            Environment.SetEnvironmentVariable("MODELARTS_LOCAL_SECRET_KEY", _secret);
            Environment.SetEnvironmentVariable("MODELARTS_LOCAL_PASSWORD", _secret);
            Environment.SetEnvironmentVariable("HUAWEICLOUD_SDK_SK", _secret);
            _service = await TestService.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await _service.DisposeAsync();
            foreach (var name in new[] { "MODELARTS_LOCAL_SECRET_KEY", "MODELARTS_LOCAL_PASSWORD", "HUAWEICLOUD_SDK_SK" })
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        [Fact]
        public async Task AV1JobSeesOnlyTheAllowListAndItsModelArtsVariables()
        {
            var (job, version) = await _service.CreatePythonJobAsync("env_v1", Dump);
            await _service.WaitForEndAsync(job, version);
            var names = Names(await _service.WholeLogAsync(job, version, "job-env-v1.0"));
            Assert.DoesNotContain(_secret, string.Join("\n", names.Values));
            var expected = new HashSet<string>(JobEnvironment.Allowed) { "DLS_TASK_INDEX", "DLS_TASK_NUMBER", "BATCH_CUSTOM0_HOSTS", "MA_JOB_ID", "MA_VERSION_ID", "PYTHONUNBUFFERED" };
            var own = InterpreterOwn();
            Assert.DoesNotContain(names.Keys, n => !expected.Contains(n) && !own.Contains(n));
        }

        [Fact]
        public async Task AV2JobSeesOnlyTheAllowListItsModelArtsVariablesAndTheUsers()
        {
            var api = new V2Api(_service);
            var id = await api.CreatePythonJobAsync("env_v2", Dump, b =>
                ((Dictionary<string, object?>)b["algorithm"]!)["environments"] = new Dictionary<string, string> { ["USER_SETTING"] = "kept" });
            await api.WaitForEndAsync(id);
            var names = Names(await api.LogAsync(id));
            Assert.DoesNotContain(_secret, string.Join("\n", names.Values));
            Assert.Equal("kept", names["USER_SETTING"]);
            var expected = new HashSet<string>(JobEnvironment.Allowed)
            {
                "USER_SETTING", "MA_HOME", "MA_JOB_DIR", "MA_MOUNT_PATH", "MA_LOG_DIR", "MA_CURRENT_IP", "MA_NUM_GPUS", "MA_TASK_NAME", "MA_NUM_HOSTS",
                "MA_JOB_ID", "VC_TASK_INDEX", "VC_WORKER_NUM", "VC_WORKER_HOSTS", "PYTHONUNBUFFERED",
            };
            var own = InterpreterOwn();
            Assert.DoesNotContain(names.Keys, n => !expected.Contains(n) && !own.Contains(n));
        }

        /// <summary>
        /// What the interpreter adds by itself (a pyenv shim sets PYENV_*, the shell PWD): the names the dump shows when
        /// python3 starts with nothing but the allow-list.
        /// </summary>
        private static HashSet<string> InterpreterOwn()
        {
            var start = new ProcessStartInfo("python3", new[] { "-c", Dump }) { RedirectStandardOutput = true, UseShellExecute = false };
            start.Environment.Clear();
            foreach (var (name, value) in JobEnvironment.Inherited())
            {
                start.Environment[name] = value;
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new HashSet<string>(Names(output).Keys);
        }

        private static Dictionary<string, string> Names(string log) => log.Split('\n')
            .Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .Select(l => l.Substring(4).Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
    }
}
