using System.Globalization;
using System.IO;

namespace ModelArts.Emulator.Paths
{
    /// <summary>
    /// The layout under <c>--data-root</c>: <c>obs/&lt;bucket&gt;/&lt;key&gt;</c>, <c>datasets/&lt;id&gt;/&lt;version&gt;/</c>,
    /// <c>jobs/&lt;job_id&gt;/&lt;version_id&gt;/{code,logs}</c>, <c>jobs/v2/&lt;uuid&gt;/modelarts/…</c>, <c>obs-meta/</c> and <c>state.db</c>.
    /// </summary>
    internal sealed class DataRoot
    {
        public DataRoot(string root)
        {
            Root = Path.GetFullPath(root);
            Obs = Path.Combine(Root, "obs");
            Datasets = Path.Combine(Root, "datasets");
            Jobs = Path.Combine(Root, "jobs");
            ObsMeta = Path.Combine(Root, "obs-meta");
            foreach (var directory in new[] { Root, Obs, Datasets, Jobs, ObsMeta })
            {
                Directory.CreateDirectory(directory);
            }
        }

        public string Root { get; }
        public string Obs { get; }
        public string Datasets { get; }
        public string Jobs { get; }

        /// <summary>OBS object metadata, multipart parts and upload temp files: beside the buckets, in the same file system, never inside one.</summary>
        public string ObsMeta { get; }
        public string StateDatabase => Path.Combine(Root, "state.db");

        public string JobDirectory(long jobId) => Path.Combine(Jobs, jobId.ToString(CultureInfo.InvariantCulture));

        public string VersionDirectory(long jobId, long versionId) => Path.Combine(JobDirectory(jobId), versionId.ToString(CultureInfo.InvariantCulture));

        /// <summary>A v2 job's own area, which plays its workers' <c>/home/ma-user</c>; the id is a UUID the service made.</summary>
        public string V2JobDirectory(string jobId) => Path.Combine(Jobs, "v2", jobId);

        public string LogPath(long jobId, long versionId, string logFile) => Path.Combine(VersionDirectory(jobId, versionId), "logs", logFile);

        public string MapObs(string obsPath) => SafePath.MapObs(Obs, obsPath);

        /// <summary>Refuses a local path that leads, by any symbolic link on its way, out of the data root.</summary>
        public void EnsureInside(string local) => SafePath.EnsureInside(Root, local, local);

        /// <summary>Opens a file checked to be inside the data root, before and (on Linux) after opening; see <see cref="SafePath.OpenInside"/>.</summary>
        public FileStream OpenInside(string local, FileMode mode, FileAccess access, FileShare share) => SafePath.OpenInside(Root, local, mode, access, share);

        public string DatasetDirectory(string datasetId, string versionId) => SafePath.DatasetDirectory(Datasets, datasetId, versionId);
    }
}
