using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>
    /// The one place that decides what a worker's environment holds. A worker never inherits the service's
    /// environment (which may carry <c>MODELARTS_LOCAL_SECRET_KEY</c>, <c>…_PASSWORD</c> or a cloud key): it gets
    /// only the variables in <see cref="Allowed"/> taken from the service, then the user's variables, then the
    /// ModelArts variables of its API, which nothing can override.
    /// </summary>
    internal static class JobEnvironment
    {
        /// <summary>What a program needs to find itself, its locale and a temp folder; nothing that could be a credential.</summary>
        public static readonly IReadOnlyList<string> Allowed = new[]
        {
            "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TERM", "XDG_RUNTIME_DIR", "DOTNET_ROOT",
        };

        /// <summary>The host on which every local worker listens, in <c>VC_WORKER_HOSTS</c> and <c>MA_CURRENT_IP</c>.</summary>
        public const string WorkerHost = "127.0.0.1";

        /// <summary>The allowed variables of the service's own environment: the whole environment of a container runtime.</summary>
        public static Dictionary<string, string> Inherited() => Inherited(Environment.GetEnvironmentVariables());

        public static Dictionary<string, string> Inherited(IDictionary serviceEnvironment)
        {
            var inherited = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in Allowed)
            {
                if (serviceEnvironment[name] is string value)
                {
                    inherited[name] = value;
                }
            }
            return inherited;
        }

        /// <summary>The environment of a worker process on the host: the inherited part plus the job's own variables.</summary>
        public static Dictionary<string, string> ForHost(IReadOnlyDictionary<string, string> job)
        {
            var environment = Inherited();
            foreach (var (name, value) in job)
            {
                environment[name] = value;
            }
            return environment;
        }

        /// <summary>v1 (old training): worker index and count, and the job's ids.</summary>
        public static Dictionary<string, string> V1(long jobId, long versionId, int index, int workers) => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DLS_TASK_INDEX"] = Text(index),
            ["DLS_TASK_NUMBER"] = Text(workers),
            ["MA_JOB_ID"] = Text(jobId),
            ["MA_VERSION_ID"] = Text(versionId),
            ["PYTHONUNBUFFERED"] = "1",
        };

        /// <summary>
        /// v2: the user's <c>environments</c> and <paramref name="extra"/> (inputs and outputs with <c>access_method: env</c>),
        /// then the variables ModelArts sets (reference §6a). <paramref name="home"/> plays <c>/home/ma-user</c>.
        /// </summary>
        public static Dictionary<string, string> V2(string jobId, string home, int index, int workers, int gpus,
            IReadOnlyDictionary<string, string> user, IEnumerable<KeyValuePair<string, string>> extra)
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in user.Concat(extra))
            {
                environment[name] = value;
            }
            var mount = System.IO.Path.Combine(home, "modelarts");
            environment["MA_HOME"] = home;
            environment["MA_MOUNT_PATH"] = mount;
            environment["MA_JOB_DIR"] = System.IO.Path.Combine(mount, "user-job-dir");
            environment["MA_LOG_DIR"] = System.IO.Path.Combine(mount, "log");
            environment["MA_CURRENT_IP"] = WorkerHost;
            environment["MA_NUM_GPUS"] = Text(gpus);
            environment["MA_TASK_NAME"] = "worker";
            environment["MA_NUM_HOSTS"] = Text(workers);
            environment["MA_JOB_ID"] = jobId;
            environment["VC_TASK_INDEX"] = Text(index);
            environment["VC_WORKER_NUM"] = Text(workers);
            environment["VC_WORKER_HOSTS"] = string.Join(",", Enumerable.Repeat(WorkerHost, workers));
            environment["PYTHONUNBUFFERED"] = "1";
            return environment;
        }

        private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
