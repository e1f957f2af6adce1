using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Models;
using ModelArts.Core.Waiting;

namespace ModelArts.Core.Tests
{
    /// <summary>The wait's policy as one class: intervals, end states, the outage budget and the time-out.</summary>
    public class TrainingJobWaiterTests
    {
        private readonly FakeTime _time = new FakeTime();

        private static TrainingJob Job(long id, JobStatus status) => new TrainingJob { JobId = id.ToString(CultureInfo.InvariantCulture), VersionId = id * 10, Name = "job-" + id, StatusCode = status };

        private static ModelArtsException Failure(ModelArtsErrorKind kind, int? status = null) =>
            new ModelArtsException(kind, kind + " failure", status, null, null, "GET", new Uri("https://example.test/"));

        private async Task<List<TrainingJobWaitUpdate>> Wait(Func<long, int, TrainingJob> read, TimeSpan? timeout = null, params long[] ids)
        {
            var polls = new Dictionary<long, int>();
            var waiter = new TrainingJobWaiter(
                (id, version, _) =>
                {
                    var number = ModelArtsClient.V1JobId(id);
                    polls[number] = polls.TryGetValue(number, out var n) ? n + 1 : 1;
                    return Task.FromResult(read(number, polls[number]));
                },
                () => _time.Now,
                _time.Delay);
            var jobs = (ids.Length == 0 ? new long[] { 1 } : ids).Select(id => (id.ToString(CultureInfo.InvariantCulture), (long?)null)).ToList();
            var updates = new List<TrainingJobWaitUpdate>();
            await foreach (var update in waiter.WaitAsync(jobs, timeout, CancellationToken.None))
            {
                updates.Add(update);
            }

            return updates;
        }

        [Fact]
        public void TheIntervalStartsShortGrowsWhileNothingChangesAndIsCapped()
        {
            var interval = TrainingJobWaiter.FirstInterval;
            var seen = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                interval = TrainingJobWaiter.NextInterval(interval, changed: false);
                seen.Add(interval.TotalSeconds);
            }

            Assert.Equal(1.5, seen[0], 3);
            Assert.Equal(TrainingJobWaiter.MaxInterval.TotalSeconds, seen.Last());
            Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First <= p.Second));
            Assert.Equal(TrainingJobWaiter.FirstInterval, TrainingJobWaiter.NextInterval(TrainingJobWaiter.MaxInterval, changed: true));
        }

        [Fact]
        public async Task AJobIsPolledUntilItEndsAndTheFinalStateIsReported()
        {
            var updates = await Wait((id, poll) => Job(id, poll < 3 ? JobStatus.Running : JobStatus.Completed));

            Assert.Equal(
                new[] { TrainingJobWaitUpdateKind.Running, TrainingJobWaitUpdateKind.Round, TrainingJobWaitUpdateKind.Running, TrainingJobWaitUpdateKind.Round, TrainingJobWaitUpdateKind.Ended, TrainingJobWaitUpdateKind.Round },
                updates.Select(u => u.Kind));
            Assert.Equal(JobStatus.Completed, updates[4].Job!.StatusCode);
            Assert.Equal(0, updates.Last().Pending);
        }

        [Fact]
        public async Task TransientFailuresAreRiddenOutAndTheBudgetStartsAgainAfterASuccess()
        {
            // 29 failures, a success, 29 failures, the end: never 30 in a row.
            var updates = await Wait((id, poll) =>
                poll <= 29 || (poll > 30 && poll <= 59) ? throw Failure(ModelArtsErrorKind.ServerError, 503)
                : Job(id, poll == 30 ? JobStatus.Running : JobStatus.Failed));

            Assert.Equal(TrainingJobWaitUpdateKind.Ended, updates.Single(u => u.Kind != TrainingJobWaitUpdateKind.Round && u.Kind != TrainingJobWaitUpdateKind.Running).Kind);
        }

        [Fact]
        public async Task AnOutageLongerThanTheBudgetFailsTheJob()
        {
            var updates = await Wait((id, poll) => throw Failure(ModelArtsErrorKind.Connection));

            var failed = updates.Single(u => u.Kind == TrainingJobWaitUpdateKind.Failed);
            Assert.Equal(ModelArtsErrorKind.Connection, failed.Error!.Kind);
            Assert.Equal(Outages.MaxConsecutiveFailures, updates.Count(u => u.Kind == TrainingJobWaitUpdateKind.Round));
        }

        [Theory]
        [InlineData(404, ModelArtsErrorKind.NotFound)]
        [InlineData(501, ModelArtsErrorKind.ServerError)]
        public async Task AFailureThatIsNotTransientFailsTheJobAtOnce(int status, ModelArtsErrorKind kind)
        {
            // One rule for "transient": the retry loop's (500, 502, 503, 504), not any 5xx.
            var updates = await Wait((id, poll) => throw Failure(kind, status));

            Assert.Equal(TrainingJobWaitUpdateKind.Failed, updates[0].Kind);
            Assert.Equal(2, updates.Count);
        }

        [Fact]
        public async Task TheTimeOutReportsTheJobStillRunning()
        {
            var updates = await Wait((id, poll) => Job(id, JobStatus.Running), TimeSpan.FromSeconds(10));

            var timedOut = updates.Single(u => u.Kind == TrainingJobWaitUpdateKind.TimedOut);
            Assert.Equal(JobStatus.Running, timedOut.Job!.StatusCode);
            Assert.Null(timedOut.Error);
            Assert.True(timedOut.Elapsed >= TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task TheTimeOutOfAJobNeverReadReportsTheLastFailure()
        {
            var updates = await Wait((id, poll) => throw Failure(ModelArtsErrorKind.Timeout), TimeSpan.FromSeconds(5));

            var timedOut = updates.Single(u => u.Kind == TrainingJobWaitUpdateKind.TimedOut);
            Assert.Null(timedOut.Job);
            Assert.Equal(ModelArtsErrorKind.Timeout, timedOut.Error!.Kind);
        }

        [Fact]
        public async Task SeveralJobsAreWaitedForTogetherAndCountedDown()
        {
            var updates = await Wait((id, poll) => Job(id, poll >= id ? JobStatus.Completed : JobStatus.Running), null, 1, 2, 3);

            Assert.Equal(new[] { "1", "2", "3" }, updates.Where(u => u.Kind == TrainingJobWaitUpdateKind.Ended).Select(u => u.JobId));
            Assert.Equal(new[] { 2, 1, 0 }, updates.Where(u => u.Kind == TrainingJobWaitUpdateKind.Round).Select(u => u.Pending));
            Assert.Equal(new[] { 1, 2, 3 }, updates.Where(u => u.Kind == TrainingJobWaitUpdateKind.Ended).Select(u => u.Index));
        }
    }
}
