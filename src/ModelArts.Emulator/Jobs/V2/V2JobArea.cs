using System.Globalization;
using System.IO;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Jobs.V2
{
    /// <summary>
    /// The folders of one v2 job, laid out as ModelArts lays out <c>/home/ma-user</c> (reference §6a); the paths
    /// the service reports as <c>local_dir</c> are these, so a script sees the same paths in its arguments and here.
    /// </summary>
    internal sealed class V2JobArea
    {
        public V2JobArea(DataRoot root, string jobId)
        {
            JobId = jobId;
            Home = root.V2JobDirectory(jobId);
            Mount = Path.Combine(Home, "modelarts");
        }

        public string JobId { get; }
        public string Home { get; }
        public string Mount { get; }
        public string JobDir => Path.Combine(Mount, "user-job-dir");
        public string LogDir => Path.Combine(Mount, "log");
        public string WorkerFile => Path.Combine(Home, "workers");

        public static string TaskName(int index) => "worker-" + index.ToString(CultureInfo.InvariantCulture);

        public string InputDir(string name, int index) => Path.Combine(Mount, "inputs", name + "_" + index.ToString(CultureInfo.InvariantCulture));

        public string OutputDir(string name, int index) => Path.Combine(Mount, "outputs", name + "_" + index.ToString(CultureInfo.InvariantCulture));

        public string LogPath(int workerIndex) => Path.Combine(LogDir, LogNames.V2(JobId, workerIndex));
    }
}
