using System;
using System.Collections.Generic;
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
    /// Runs the jobs of both APIs in creation order, at most <c>--max-running-jobs</c> at a time; the rest wait (status 7).
    /// On start it marks jobs that were running when the service died as LOST and queues the waiting ones again.
    /// </summary>
    internal sealed partial class JobRunner : IHostedService
    {
        private readonly IReadOnlyDictionary<JobApi, IJobRuns> _runs;
        private readonly DataRoot _root;
        private readonly int _maxRunning;
        private readonly TimeProvider _clock;
        private readonly ILogger<JobRunner> _logger;
        private readonly object _gate = new object();
        private readonly LinkedList<RunKey> _queue = new LinkedList<RunKey>();
        private readonly Dictionary<RunKey, (JobExecution Execution, Task Completion)> _running = new Dictionary<RunKey, (JobExecution, Task)>();
        private bool _stopping;

        internal JobRunner(IReadOnlyDictionary<JobApi, IJobRuns> runs, DataRoot root, int maxRunning, TimeProvider clock, ILogger<JobRunner> logger)
        {
            _runs = runs;
            _root = root;
            _maxRunning = maxRunning;
            _clock = clock;
            _logger = logger;
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var (api, runs) in _runs)
            {
                foreach (var id in runs.InStatus(JobStatus.Running, JobStatus.Killing))
                {
                    var workerFile = runs.WorkerFile(id);
                    runs.SetStatus(id, JobStatus.Lost, endTime: Now());
                    var leftovers = workerFile == null ? 0 : WorkerRecord.KillLeftovers(workerFile);
                    foreach (var log in runs.ExistingLogs(id))
                    {
                        LogWriter.AppendServiceLine(_root, log, "The local service stopped while this job ran; the job is lost." +
                            (leftovers > 0 ? $" {leftovers} worker process(es) left over were ended." : ""));
                    }
                }
            }
            foreach (var (api, runs) in _runs)
            {
                foreach (var id in runs.InStatus(JobStatus.Init, JobStatus.Waiting))
                {
                    Enqueue(new RunKey(api, id));
                }
            }
            return Task.CompletedTask;
        }

        /// <summary>
        /// How long a shutdown waits for the runs it stopped to end. Killing ends every worker at once, but a run can be
        /// busy elsewhere (pulling its image, creating its network, uploading its outputs); the shutdown must not wait
        /// for that. Below the host's shutdown timeout, so the runner, not the host, decides what such a job became.
        /// </summary>
        public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Stops every running job (recorded as KILLED); queued ones stay WAITING and resume on the next start. A run
        /// that has not ended within <see cref="StopGrace"/> is recorded KILLED here and its recorded workers are ended.
        /// </summary>
        public async Task StopAsync(CancellationToken cancellationToken)
        {
            List<(RunKey Key, Task Completion)> stopped;
            lock (_gate)
            {
                _stopping = true;
                _queue.Clear();
                stopped = _running.Select(r => (r.Key, r.Value.Completion)).ToList();
                foreach (var (execution, _) in _running.Values)
                {
                    execution.Kill("the local service shut down.");
                }
            }
            try
            {
                await Task.WhenAll(stopped.Select(s => s.Completion)).WaitAsync(StopGrace, cancellationToken);
            }
            catch (Exception e) when (e is TimeoutException || e is OperationCanceledException)
            {
                foreach (var (key, _) in stopped.Where(s => !s.Completion.IsCompleted))
                {
                    RecordUnended(key);
                }
            }
        }

        private void RecordUnended(RunKey key)
        {
            var runs = _runs[key.Api];
            LogRunNotEnded(key.Api, key.Id, StopGrace.TotalSeconds);
            var workerFile = runs.WorkerFile(key.Id);
            var leftovers = workerFile == null ? 0 : WorkerRecord.KillLeftovers(workerFile);
            runs.SetStatus(key.Id, JobStatus.Killed, endTime: Now());
            foreach (var log in runs.ExistingLogs(key.Id))
            {
                LogWriter.AppendServiceLine(_root, log, $"Training stopped: the local service shut down; the job had not ended {StopGrace.TotalSeconds:0} s later." +
                    (leftovers > 0 ? $" {leftovers} worker process(es) were ended." : ""));
            }
        }

        public void Enqueue(long versionId) => Enqueue(new RunKey(JobApi.V1, versionId));

        public void Enqueue(RunKey key)
        {
            lock (_gate)
            {
                _runs[key.Api].SetStatus(key.Id, JobStatus.Waiting);
                _queue.AddLast(key);
            }
            Pump();
        }

        public Task? Stop(long versionId) => Stop(new RunKey(JobApi.V1, versionId));

        /// <summary>
        /// Stops a queued or running job. Returns the task that completes once its processes are gone
        /// (completed at once when it was not running), or null when it is neither queued nor running.
        /// </summary>
        public Task? Stop(RunKey key)
        {
            lock (_gate)
            {
                if (_queue.Remove(key))
                {
                    _runs[key.Api].SetStatus(key.Id, JobStatus.Killed, endTime: Now());
                    return Task.CompletedTask;
                }
                if (_running.TryGetValue(key, out var running))
                {
                    _runs[key.Api].SetStatus(key.Id, JobStatus.Killing);
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
                    var key = next.Value;
                    var execution = new JobExecution(key.Id);
                    var completion = new TaskCompletionSource();
                    _running[key] = (execution, completion.Task);
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await RunAsync(_runs[key.Api], execution);
                        }
                        catch (Exception e)
                        {
                            LogRunFailed(e, key.Api, key.Id);
                            _runs[key.Api].SetStatus(key.Id, JobStatus.Failed, endTime: Now());
                        }
                        finally
                        {
                            lock (_gate)
                            {
                                _running.Remove(key);
                            }
                            completion.SetResult();
                            Pump();
                        }
                    });
                }
            }
        }

        private async Task RunAsync(IJobRuns runs, JobExecution execution)
        {
            var id = execution.VersionId;
            if (!runs.SetStatus(id, JobStatus.Running, startTime: Now()) || runs.Prepare(id) is not { } run)
            {
                return;
            }
            using var workersEnded = new CancellationTokenSource();
            var beside = run.WhileRunning?.Invoke(workersEnded.Token) ?? Task.CompletedTask;
            try
            {
                int status;
                IReadOnlyList<TaskOutcome>? tasks;
                try
                {
                    status = run.Problem != null ? throw new JobStartException(run.Problem) : await execution.RunAsync(run.Plan(), run.Logs, run.WorkerFile);
                    tasks = execution.Tasks;
                }
                catch (JobStartException e)
                {
                    var message = "Training failed to start: " + e.Message;
                    run.Logs.ToList().ForEach(l => l.Service(message));
                    tasks = run.Logs.Select(_ => new TaskOutcome(null, message)).ToList();
                    status = JobStatus.Failed;
                }
                workersEnded.Cancel();
                await beside;
                run.Finished?.Invoke();
                runs.SetStatus(id, status, endTime: Now(), tasks: tasks);
            }
            finally
            {
                workersEnded.Cancel();
                run.Logs.ToList().ForEach(l => l.Dispose());
            }
        }

        private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

        [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "Job {Api} {Id} ended with an error in the service.")]
        private partial void LogRunFailed(Exception error, JobApi api, long id);

        [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "Job {Api} {Id} had not ended {Seconds} s after the shutdown began; it is recorded as killed.")]
        private partial void LogRunNotEnded(JobApi api, long id, double seconds);
    }
}
