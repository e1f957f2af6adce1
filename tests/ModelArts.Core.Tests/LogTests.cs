using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Logs;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    public class LogTests
    {
        private const string File0 = "job-my-job.0";
        private readonly FakeTime time = new FakeTime();
        private readonly FakeModelArts service = new FakeModelArts();
        private readonly FakeModelArts.Job job;

        public LogTests()
        {
            job = service.AddJob("my-job");
        }

        private static List<string> Lines(int count, string prefix = "line ") => Enumerable.Range(1, count).Select(i => prefix + i).ToList();

        private async Task<List<LogLine>> Read(LogReadMode mode, int? tail = null)
        {
            using var client = TestClients.Create(service.Handler, time);
            var result = new List<LogLine>();
            await foreach (var line in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), job.VersionId, mode, tail)) result.Add(line);
            return result;
        }

        private IReadOnlyList<SeenRequest> LogReads => service.Handler.To("/aom-log");

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(499)]
        [InlineData(500)]
        [InlineData(501)]
        [InlineData(1234)]
        [InlineData(1500)]
        public async Task AWholeLogComesOldestFirstCompleteAndInPages(int count)
        {
            service.Logs[File0] = Lines(count);

            var lines = await Read(LogReadMode.Whole);

            Assert.Equal(Lines(count), lines.Select(l => l.Line));
            Assert.All(LogReads, r => Assert.True(int.Parse(r.Query("lines")!) <= 500));
        }

        [Fact]
        public async Task AShortLogTakesOneRead()
        {
            service.Logs[File0] = Lines(42);

            await Read(LogReadMode.Whole);

            Assert.Single(LogReads);
        }

        private List<string> ReadOrder() => LogReads.Select(r => (r.Query("base_line") ?? "-") + " " + r.Query("order")).ToList();

        [Fact]
        public async Task AWholeLogThatFitsTheBudgetIsReadOnce()
        {
            service.Logs[File0] = Lines(1200);

            var lines = await Read(LogReadMode.Whole);

            Assert.Equal(Lines(1200), lines.Select(l => l.Line));
            Assert.Equal(
                new[]
                {
                    "- desc",                                  // tail: lines 701-1200
                    FakeModelArts.Position(700) + " asc",      // 201-700
                    FakeModelArts.Position(200) + " asc",      // 1-200: fewer than a page, the start; all kept, emitted oldest first
                    FakeModelArts.Position(1199) + " desc",    // anything written since: empty, the end
                },
                ReadOrder());
        }

        [Fact]
        public async Task AWholeLogOverTheBudgetWalksBackByPositionThenPagesForward()
        {
            service.Logs[File0] = Lines(1200);
            using var client = TestClients.Create(service.Handler, time);
            var source = new V1LogSource(client, job.Id, job.VersionId);
            var reader = new LogReader(source, (_, _) => Task.CompletedTask, TimeSpan.Zero, keepBudgetChars: 1000);

            var lines = new List<string>();
            await foreach (var page in reader.ReadRecentAsync(new LogReader.Cursor(File0, null), null, CancellationToken.None)) lines.AddRange(page.Select(l => l.Line));

            Assert.Equal(Lines(1200), lines);
            Assert.Equal(
                new[]
                {
                    "- desc",                                  // tail: lines 701-1200
                    FakeModelArts.Position(700) + " asc",      // 201-700
                    FakeModelArts.Position(200) + " asc",      // 1-200: fewer than a page, the start
                    FakeModelArts.Position(199) + " desc",     // after emitting 1-200: 201-700
                    FakeModelArts.Position(699) + " desc",     // 701-1200
                    FakeModelArts.Position(1199) + " desc",    // empty: the end
                },
                ReadOrder());
        }

        [Theory]
        [InlineData(1000, 10)]
        [InlineData(1000, 500)]
        [InlineData(1000, 700)]
        [InlineData(1000, 1000)]
        [InlineData(1000, 5000)]
        [InlineData(30, 50)]
        public async Task TailGivesTheLastLinesOldestFirst(int count, int tail)
        {
            service.Logs[File0] = Lines(count);

            var lines = await Read(LogReadMode.Tail, tail);

            Assert.Equal(Lines(count).Skip(System.Math.Max(0, count - tail)), lines.Select(l => l.Line));
        }

        [Fact]
        public async Task ASmallTailTakesOneRead()
        {
            service.Logs[File0] = Lines(1000);

            await Read(LogReadMode.Tail, 20);

            Assert.Equal("20", LogReads.Single().Query("lines"));
        }

        [Fact]
        public async Task TailDefaultsToFiftyLines()
        {
            service.Logs[File0] = Lines(80);

            Assert.Equal(50, (await Read(LogReadMode.Tail)).Count);
        }

        [Fact]
        public async Task FollowReadsNewLinesUntilTheJobEndsAndAReadAfterThatIsEmpty()
        {
            service.Logs[File0] = Lines(3, "early ");
            service.StatusOfJob = 8;
            service.OnStatusPoll = poll =>
            {
                // The running job writes two lines between polls, then completes.
                if (poll <= 2) service.Logs[File0].AddRange(Lines(2, "poll" + poll + " "));
                if (poll == 3)
                {
                    service.Logs[File0].Add("last words");
                    service.StatusOfJob = 10;
                }
            };

            var lines = await Read(LogReadMode.Follow);

            Assert.Equal(
                new[] { "early 1", "early 2", "early 3", "poll1 1", "poll1 2", "poll2 1", "poll2 2", "last words" },
                lines.Select(l => l.Line));
            Assert.Equal(3, service.StatusPolls);
            Assert.Equal(2, time.Delays.Count);
            // The read after the job was seen terminal found "last words"; one more empty read ended it.
            Assert.Equal(FakeModelArts.Position(7), LogReads.Last().Query("base_line"));
        }

        [Fact]
        public async Task FollowWithTailStartsFromTheLastLines()
        {
            service.Logs[File0] = Lines(100);
            service.StatusOfJob = 10;

            var lines = await Read(LogReadMode.Follow, 5);

            Assert.Equal(Lines(100).Skip(95), lines.Select(l => l.Line));
        }

        [Fact]
        public async Task FollowOfAnEmptyLogReadsWhateverComesFromTheStart()
        {
            service.Logs[File0] = new List<string>();
            service.OnStatusPoll = poll =>
            {
                if (poll == 1) service.Logs[File0].AddRange(Lines(700));
                if (poll == 2) service.StatusOfJob = 11;
            };

            var lines = await Read(LogReadMode.Follow, 10);

            Assert.Equal(Lines(700), lines.Select(l => l.Line));
        }

        [Fact]
        public async Task FollowStopsWhenTheCallerCancels()
        {
            service.Logs[File0] = Lines(1);
            using var cancel = new CancellationTokenSource();
            service.OnStatusPoll = poll =>
            {
                if (poll == 2) cancel.Cancel();
            };
            using var client = TestClients.Create(service.Handler, time);

            await Assert.ThrowsAnyAsync<System.OperationCanceledException>(async () =>
            {
                await foreach (var _ in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), job.VersionId, LogReadMode.Follow, null, cancel.Token))
                {
                }
            });
        }

        [Fact]
        public async Task LinesKnowTheirWorkerJobAndVersion()
        {
            service.Logs["job-my-job.3"] = Lines(2);

            var line = (await Read(LogReadMode.Whole)).First();

            Assert.Equal(3, line.Worker);
            Assert.Equal(job.Id.ToString(CultureInfo.InvariantCulture), line.JobId);
            Assert.Equal(job.VersionId, line.VersionId);
            Assert.Equal("job-my-job.3", line.LogFile);
            Assert.Equal("line 1", line.ToString());
        }

        [Fact]
        public async Task AllWorkersAreReadWorkerByWorker()
        {
            service.Logs["job-my-job.1"] = Lines(2, "w1 ");
            service.Logs["job-my-job.0"] = Lines(2, "w0 ");
            using var client = TestClients.Create(service.Handler, time);

            var lines = new List<LogLine>();
            await foreach (var line in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), job.VersionId, LogReadMode.Whole)) lines.Add(line);

            Assert.Equal(new[] { "w0 1", "w0 2", "w1 1", "w1 2" }, lines.Select(l => l.Line));
            Assert.Equal(new[] { 0, 0, 1, 1 }, lines.Select(l => l.Worker));
        }

        [Theory]
        [InlineData(LogReadMode.Whole)]
        [InlineData(LogReadMode.Tail)]
        [InlineData(LogReadMode.Follow)]
        public async Task ALogFileWithoutAWorkerSuffixIsWorkerZeroInEveryMode(LogReadMode mode)
        {
            // The bug: reading -Worker 0 without -Follow took a file without ".N" for worker -1 and skipped it.
            service.Logs["job-my-job"] = Lines(2, "only ");
            service.StatusOfJob = 10;
            using var client = TestClients.Create(service.Handler, time);

            var lines = new List<LogLine>();
            await foreach (var line in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), job.VersionId, mode, null, new[] { 0 })) lines.Add(line);

            Assert.Equal(new[] { "only 1", "only 2" }, lines.Select(l => l.Line));
            Assert.All(lines, l => Assert.Equal(0, l.Worker));
        }

        [Theory]
        [InlineData(LogReadMode.Whole)]
        [InlineData(LogReadMode.Follow)]
        public async Task OnlyTheChosenWorkersAreRead(LogReadMode mode)
        {
            service.Logs["job-my-job.0"] = Lines(2, "w0 ");
            service.Logs["job-my-job.1"] = Lines(2, "w1 ");
            service.Logs["job-my-job.2"] = Lines(2, "w2 ");
            service.StatusOfJob = 10;
            service.WorkersOfJob = 3;
            using var client = TestClients.Create(service.Handler, time);

            var lines = new List<LogLine>();
            await foreach (var line in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), job.VersionId, mode, null, new[] { 2, 0 })) lines.Add(line);

            Assert.Equal(new[] { "w0 1", "w0 2", "w2 1", "w2 2" }, lines.Select(l => l.Line));
            Assert.DoesNotContain(LogReads, r => r.Query("log_file") == "job-my-job.1");
        }

        [Fact]
        public async Task FollowingAllWorkersPicksUpLateWorkers()
        {
            service.Logs["job-my-job.0"] = Lines(1, "w0 ");
            service.OnStatusPoll = poll =>
            {
                if (poll == 1) service.Logs["job-my-job.1"] = Lines(2, "w1 ");
                if (poll == 2) service.StatusOfJob = 10;
            };
            using var client = TestClients.Create(service.Handler, time);

            var lines = new List<string>();
            await foreach (var line in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), job.VersionId, LogReadMode.Follow, tail: 0)) lines.Add(line.Line);

            // Worker 0 existed at the start, so tail 0 skips its line; worker 1 started later and is read from its beginning.
            Assert.Equal(new[] { "w1 1", "w1 2" }, lines);
        }

        [Fact]
        public async Task AFollowOfTheLatestVersionRidesOutAnOutageAtItsStart()
        {
            // The service is down for longer than one call's retries exactly when the follow looks up the latest version.
            service.Logs[File0] = Lines(2);
            service.StatusOfJob = 10;
            var versionLookups = 0;
            service.Intercept = r => r.Path.EndsWith("/versions", StringComparison.Ordinal) && ++versionLookups <= 6 ? throw new HttpRequestException("connection refused") : null;
            using var client = TestClients.Create(service.Handler, time);

            var lines = new List<string>();
            await foreach (var line in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), null, LogReadMode.Follow)) lines.Add(line.Line);

            Assert.Equal(new[] { "line 1", "line 2" }, lines);
            Assert.True(versionLookups > 6);
        }

        [Fact]
        public async Task AFollowThatLosesTheServiceWarnsOnceAfterTheFirstCallsRetries()
        {
            service.Logs[File0] = Lines(2);
            service.StatusOfJob = 10;
            var versionLookups = 0;
            service.Intercept = r => r.Path.EndsWith("/versions", StringComparison.Ordinal) && ++versionLookups <= 12 ? throw new HttpRequestException("connection refused") : null;
            using var client = TestClients.Create(service.Handler, time);
            var sink = new RecordingSink { IsVerboseEnabled = false, IsDebugEnabled = false };

            var lines = new List<string>();
            using (Diagnostics.Use(sink))
            {
                await foreach (var line in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), null, LogReadMode.Follow)) lines.Add(line.Line);
            }

            Assert.Equal(new[] { "line 1", "line 2" }, lines);
            var warning = Assert.Single(sink.Messages);
            Assert.StartsWith("WARNING: Following the log: The connection failed: connection refused", warning);
            Assert.Contains("Still trying, for up to 30 attempts.", warning);
        }

        [Fact]
        public async Task ReadingTheLatestVersionOnceFailsAfterTheCallsOwnRetries()
        {
            service.Intercept = r => r.Path.EndsWith("/versions", StringComparison.Ordinal) ? throw new HttpRequestException("connection refused") : null;
            using var client = TestClients.Create(service.Handler, time);

            var error = await Assert.ThrowsAsync<ModelArtsException>(async () =>
            {
                await foreach (var line in client.ReadJobLogAsync(job.Id.ToString(CultureInfo.InvariantCulture), null, LogReadMode.Whole)) { }
            });

            Assert.Equal(ModelArtsErrorKind.Connection, error.Kind);
        }

        [Fact]
        public async Task ARawChunkPassesPositionsThrough()
        {
            service.Logs[File0] = Lines(10);
            using var client = TestClients.Create(service.Handler, time);

            var chunk = await client.ReadLogChunkAsync(job.Id, job.VersionId, File0, FakeModelArts.Position(2), 3, LogOrder.Desc);

            Assert.Equal(3, chunk.Lines);
            Assert.Equal("line 4\nline 5\nline 6\n", chunk.Content);
            Assert.Equal(FakeModelArts.Position(3), chunk.StartLine);
            Assert.Equal(FakeModelArts.Position(5), chunk.EndLine);
        }
    }
}
