using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>
    /// Runs versions in creation order, at most <c>--max-running-jobs</c> at a time; the rest wait (status 7).
    /// On start it marks versions that were running when the service died as LOST and queues the waiting ones again.
    /// </summary>
    public sealed class JobRunner : IHostedService
    {
        private readonly JobStore _store;
        private readonly LaunchPlanner _planner;
        private readonly DataRoot _root;
        private readonly int _maxRunning;
        private readonly TimeProvider _clock;
        private readonly ILogger<JobRunner> _logger;
        private readonly object _gate = new object();
        private readonly LinkedList<long> _queue = new LinkedList<long>();
        private readonly Dictionary<long, (JobExecution Execution, Task Completion)> _running = new Dictionary<long, (JobExecution, Task)>();
        private bool _stopping;

        public JobRunner(JobStore store, LaunchPlanner planner, DataRoot root, int maxRunning, TimeProvider clock, ILogger<JobRunner> logger)
        {
            _store = store;
            _planner = planner;
            _root = root;
            _maxRunning = maxRunning;
            _clock = clock;
            _logger = logger;
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var version in _store.VersionsInStatus(JobStatus.Running, JobStatus.Killing))
            {
                _store.SetStatus(version.VersionId, JobStatus.Lost, endTime: Now());
                var leftovers = WorkerRecord.KillLeftovers(WorkerFile(version.JobId, version.VersionId));
                foreach (var log in ExistingLogs(version))
                {
                    LogWriter.AppendServiceLine(_root, log, "The local service stopped while this job ran; the job is lost." +
                        (leftovers > 0 ? $" {leftovers} worker process(es) left over were ended." : ""));
                }
            }
            foreach (var version in _store.VersionsInStatus(JobStatus.Init, JobStatus.Waiting))
            {
                Enqueue(version.VersionId);
            }
            return Task.CompletedTask;
        }

        /// <summary>Stops every running job (recorded as KILLED); queued ones stay WAITING and resume on the next start.</summary>
        public async Task StopAsync(CancellationToken cancellationToken)
        {
            List<Task> completions;
            lock (_gate)
            {
                _stopping = true;
                _queue.Clear();
                completions = _running.Values.Select(r => r.Completion).ToList();
                foreach (var (execution, _) in _running.Values)
                {
                    execution.Kill("the local service shut down.");
                }
            }
            await Task.WhenAll(completions).WaitAsync(cancellationToken);
        }

        public void Enqueue(long versionId)
        {
            lock (_gate)
            {
                _store.SetStatus(versionId, JobStatus.Waiting);
                _queue.AddLast(versionId);
            }
            Pump();
        }

        /// <summary>
        /// Stops a queued or running version. Returns the task that completes once its processes are gone
        /// (completed at once when it was not running), or null when it is neither queued nor running.
        /// </summary>
        public Task? Stop(long versionId)
        {
            lock (_gate)
            {
                if (_queue.Remove(versionId))
                {
                    _store.SetStatus(versionId, JobStatus.Killed, endTime: Now());
                    return Task.CompletedTask;
                }
                if (_running.TryGetValue(versionId, out var running))
                {
                    _store.SetStatus(versionId, JobStatus.Killing);
                    running.Execution.Kill("stopped by the user.");
                    return running.Completion;
                }
                return null;
            }
        }

        private void Pump()
        {
            lock (_gate)
            {
                while (!_stopping && _running.Count < _maxRunning && _queue.First is { } next)
                {
                    _queue.RemoveFirst();
                    var execution = new JobExecution(next.Value);
                    var completion = new TaskCompletionSource();
                    _running[next.Value] = (execution, completion.Task);
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await RunAsync(execution);
                        }
                        catch (Exception e)
                        {
                            _logger.LogError(e, "Job version {VersionId} ended with an error in the service.", execution.VersionId);
                            _store.SetStatus(execution.VersionId, JobStatus.Failed, endTime: Now());
                        }
                        finally
                        {
                            lock (_gate)
                            {
                                _running.Remove(execution.VersionId);
                            }
                            completion.SetResult();
                            Pump();
                        }
                    });
                }
            }
        }

        private async Task RunAsync(JobExecution execution)
        {
            var version = _store.FindVersion(execution.VersionId);
            var job = version == null ? null : _store.FindJob(version.JobId);
            if (job == null || version == null || !_store.SetStatus(version.VersionId, JobStatus.Running, startTime: Now()))
            {
                return;
            }
            var logs = OpenLogs(job, version, out var problem);
            try
            {
                int status;
                try
                {
                    status = problem != null ? throw new JobStartException(problem) : await execution.RunAsync(_planner.Plan(job, version), logs, WorkerFile(job.JobId, version.VersionId));
                }
                catch (JobStartException e)
                {
                    logs.ForEach(l => l.Service("Training failed to start: " + e.Message));
                    status = JobStatus.Failed;
                }
                _store.SetStatus(version.VersionId, status, endTime: Now());
            }
            finally
            {
                logs.ForEach(l => l.Dispose());
            }
        }

        /// <summary>One log per worker, copied under log_url when the version has one and it maps into the data root.</summary>
        private List<LogWriter> OpenLogs(JobRecord job, VersionRecord version, out string? problem)
        {
            problem = null;
            string? mirrorDirectory = null;
            try
            {
                mirrorDirectory = version.Config.LogUrl == null ? null : _root.MapObs(version.Config.LogUrl);
            }
            catch (PathRefusedException e)
            {
                problem = e.Message;
            }
            var logs = new List<LogWriter>();
            foreach (var name in LogNames.All(job.JobName, version.Config.WorkerServerNum))
            {
                var own = _root.LogPath(job.JobId, version.VersionId, name);
                try
                {
                    logs.Add(new LogWriter(_root, mirrorDirectory == null ? new[] { own } : new[] { own, Path.Combine(mirrorDirectory, name) }));
                }
                catch (PathRefusedException e)
                {
                    // A link planted at the copy's name: the job fails to start and says why in its own log.
                    problem = e.Message;
                    logs.Add(new LogWriter(_root, new[] { own }));
                }
            }
            return logs;
        }

        private string WorkerFile(long jobId, long versionId) => Path.Combine(_root.VersionDirectory(jobId, versionId), "workers");

        private IEnumerable<string> ExistingLogs(VersionRecord version)
        {
            var directory = Path.GetDirectoryName(_root.LogPath(version.JobId, version.VersionId, "x"))!;
            return Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : Enumerable.Empty<string>();
        }

        private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
    }
}
