using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

namespace ModelArts.Core.Waiting
{
    /// <summary>
    /// Waits for training jobs to end: one request per job and poll, adaptive intervals (short after a change, growing
    /// while nothing happens), and an outage budget per job, because a wait lasts as long as the job.
    /// </summary>
    internal sealed class TrainingJobWaiter
    {
        internal static readonly TimeSpan FirstInterval = TimeSpan.FromSeconds(1);
        internal static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(15);
        private const double Growth = 1.5;

        private readonly Func<string, long?, CancellationToken, Task<TrainingJob>> _read;
        private readonly Func<DateTimeOffset> _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        public TrainingJobWaiter(Func<string, long?, CancellationToken, Task<TrainingJob>> read, Func<DateTimeOffset> clock, Func<TimeSpan, CancellationToken, Task> delay)
        {
            _read = read;
            _clock = clock;
            _delay = delay;
        }

        /// <summary>The interval after one that saw <paramref name="changed"/> or not: back to the first, else 1.5 times longer, capped.</summary>
        internal static TimeSpan NextInterval(TimeSpan interval, bool changed) =>
            changed ? FirstInterval : TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * Growth), MaxInterval.Ticks));

        public async IAsyncEnumerable<TrainingJobWaitUpdate> WaitAsync(
            IReadOnlyList<(string JobId, long? VersionId)> jobs, TimeSpan? timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pending = jobs.Select((job, index) => new Tracked(job.JobId, job.VersionId, index + 1)).ToList();
            var started = _clock();
            var interval = FirstInterval;
            while (true)
            {
                var changed = false;
                foreach (var tracked in pending.ToList())
                {
                    TrainingJob? job = null;
                    ModelArtsException? failure = null;
                    try
                    {
                        job = await _read(tracked.JobId, tracked.VersionId, cancellationToken).ConfigureAwait(false);
                        tracked.Failures = 0;
                        tracked.LastFailure = null;
                    }
                    catch (ModelArtsException e) when (Outages.Passes(e, ++tracked.Failures, cancellationToken))
                    {
                        tracked.LastFailure = e;
                        Diagnostics.Verbose(
                            "Polling training job " + tracked.JobId + " failed (" + e.Message + "); polling again ("
                            + tracked.Failures.ToString(CultureInfo.InvariantCulture) + " of " + Outages.MaxConsecutiveFailures.ToString(CultureInfo.InvariantCulture) + ").");
                        continue;
                    }
                    catch (ModelArtsException e)
                    {
                        failure = e;
                    }

                    if (job == null)
                    {
                        pending.Remove(tracked);
                        yield return Update(TrainingJobWaitUpdateKind.Failed, tracked, failure!, started, jobs.Count, pending.Count);
                        continue;
                    }

                    // A v1 wait stays on the version it read first; a v2 job has none.
                    if (job.VersionId != 0)
                    {
                        tracked.VersionId = job.VersionId;
                    }
                    if (tracked.Job == null || tracked.Job.StatusCode != job.StatusCode)
                    {
                        changed = true;
                        Diagnostics.Verbose("Training job '" + job.Name + "' (" + job.JobId + (job.VersionName == null ? string.Empty : ", " + job.VersionName) + "): " + job.Status + ".");
                    }

                    tracked.Job = job;
                    var ended = job.StatusCode.IsTerminal();
                    if (ended)
                    {
                        pending.Remove(tracked);
                    }

                    yield return Update(ended ? TrainingJobWaitUpdateKind.Ended : TrainingJobWaitUpdateKind.Running, tracked, null, started, jobs.Count, pending.Count);
                }

                yield return new TrainingJobWaitUpdate(TrainingJobWaitUpdateKind.Round, 0, string.Empty, null, null, _clock() - started, jobs.Count, pending.Count);
                if (pending.Count == 0)
                {
                    yield break;
                }

                var remaining = timeout - (_clock() - started);
                if (remaining <= TimeSpan.Zero)
                {
                    foreach (var tracked in pending)
                    {
                        yield return Update(TrainingJobWaitUpdateKind.TimedOut, tracked, tracked.Job == null ? tracked.LastFailure : null, started, jobs.Count, pending.Count);
                    }

                    yield break;
                }

                interval = NextInterval(interval, changed);
                var pause = remaining.HasValue && remaining.Value < interval ? remaining.Value : interval;
                Diagnostics.Verbose("Polling again in " + pause.TotalSeconds.ToString("0.0", CultureInfo.CurrentCulture) + " s.");
                await _delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }

        private TrainingJobWaitUpdate Update(TrainingJobWaitUpdateKind kind, Tracked tracked, ModelArtsException? error, DateTimeOffset started, int total, int pending) =>
            new TrainingJobWaitUpdate(kind, tracked.Index, tracked.JobId, tracked.Job, error, _clock() - started, total, pending);

        private sealed class Tracked
        {
            public Tracked(string jobId, long? versionId, int index)
            {
                JobId = jobId;
                VersionId = versionId;
                Index = index;
            }

            public string JobId { get; }

            public long? VersionId { get; set; }

            public int Index { get; }

            public TrainingJob? Job { get; set; }

            public int Failures { get; set; }

            public ModelArtsException? LastFailure { get; set; }
        }
    }
}
