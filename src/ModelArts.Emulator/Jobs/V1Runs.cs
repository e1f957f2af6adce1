using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>v1 versions as runs: logs <c>job-&lt;name&gt;.&lt;i&gt;</c> (copied under log_url), planned by <see cref="LaunchPlanner"/>.</summary>
    internal sealed class V1Runs : IJobRuns
    {
        private readonly JobStore _store;
        private readonly LaunchPlanner _planner;
        private readonly DataRoot _root;

        public V1Runs(JobStore store, LaunchPlanner planner, DataRoot root)
        {
            _store = store;
            _planner = planner;
            _root = root;
        }

        public IReadOnlyList<long> InStatus(params int[] statuses) => _store.VersionsInStatus(statuses).Select(v => v.VersionId).ToList();

        // The v1 API has no per-task field, so the outcomes are not kept.
        public bool SetStatus(long id, int status, long? startTime = null, long? endTime = null, IReadOnlyList<TaskOutcome>? tasks = null) => _store.SetStatus(id, status, startTime, endTime);

        public IEnumerable<string> ExistingLogs(long id)
        {
            var version = _store.FindVersion(id);
            if (version == null)
            {
                return Enumerable.Empty<string>();
            }
            var directory = Path.GetDirectoryName(_root.LogPath(version.JobId, version.VersionId, "x"))!;
            return Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : Enumerable.Empty<string>();
        }

        public string? WorkerFile(long id) => _store.FindVersion(id) is { } version ? WorkerFile(version) : null;

        public PreparedRun? Prepare(long id)
        {
            var version = _store.FindVersion(id);
            var job = version == null ? null : _store.FindJob(version.JobId);
            if (job == null || version == null)
            {
                return null;
            }
            var logs = PreparedRun.OpenLogs(_root, version.Config.LogUrl,
                LogNames.All(job.JobName, version.Config.WorkerServerNum).Select(name => _root.LogPath(job.JobId, version.VersionId, name)), out var problem);
            return new PreparedRun(logs, problem, () => _planner.Plan(job, version), WorkerFile(version));
        }

        private string WorkerFile(VersionRecord version) => Path.Combine(_root.VersionDirectory(version.JobId, version.VersionId), "workers");
    }
}
