using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Jobs.V2
{
    /// <summary>
    /// v2 jobs as runs: one log per task in the job's log folder (and under <c>log_export_path</c>), outputs
    /// copied to OBS every <c>--v2-output-upload-seconds</c> while the workers run and once more when they end.
    /// </summary>
    internal sealed partial class V2Runs : IJobRuns
    {
        private readonly V2JobStore _store;
        private readonly V2LaunchPlanner _planner;
        private readonly DataRoot _root;
        private readonly TimeSpan _uploadPeriod;
        private readonly ILogger _logger;

        public V2Runs(V2JobStore store, V2LaunchPlanner planner, DataRoot root, TimeSpan uploadPeriod, ILogger logger)
        {
            _store = store;
            _planner = planner;
            _root = root;
            _uploadPeriod = uploadPeriod;
            _logger = logger;
        }

        public IReadOnlyList<long> InStatus(params int[] statuses) => _store.InStatus(statuses).Select(j => j.RunId).ToList();

        public bool SetStatus(long id, int status, long? startTime = null, long? endTime = null, IReadOnlyList<TaskOutcome>? tasks = null) => _store.SetStatus(id, status, startTime, endTime, tasks);

        public IEnumerable<string> ExistingLogs(long id)
        {
            var job = _store.FindRun(id);
            var directory = job == null ? null : new V2JobArea(_root, job.Id).LogDir;
            return directory != null && Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : Enumerable.Empty<string>();
        }

        public string? WorkerFile(long id) => _store.FindRun(id) is { } job ? new V2JobArea(_root, job.Id).WorkerFile : null;

        public PreparedRun? Prepare(long id)
        {
            if (_store.FindRun(id) is not { } job)
            {
                return null;
            }
            var area = new V2JobArea(_root, job.Id);
            var logs = PreparedRun.OpenLogs(_root, job.Spec.LogExportPath, Enumerable.Range(0, job.Spec.NodeCount).Select(area.LogPath), out var problem);
            return new PreparedRun(logs, problem, () => _planner.Plan(job), area.WorkerFile)
            {
                WhileRunning = ended => UploadPeriodically(job, ended),
                Finished = () => _planner.UploadOutputs(job),
            };
        }

        private async Task UploadPeriodically(V2JobRecord job, CancellationToken ended)
        {
            if (job.Spec.Outputs.Count == 0)
            {
                return;
            }
            using var timer = new PeriodicTimer(_uploadPeriod);
            try
            {
                while (await timer.WaitForNextTickAsync(ended))
                {
                    try
                    {
                        _planner.UploadOutputs(job);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JobStartException)
                    {
                        // A file the script is still writing; the next round, or the final upload, takes it.
                        LogUploadSkipped(e, job.Id);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The workers ended; the final upload follows.
            }
        }

        [LoggerMessage(EventId = 0, Level = LogLevel.Debug, Message = "Periodic output upload of v2 job {Id} skipped a file.")]
        private partial void LogUploadSkipped(Exception error, string id);
    }
}
