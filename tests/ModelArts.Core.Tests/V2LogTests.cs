using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;
using ModelArts.Core.Training;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// v2 logs through the client against the real local service, in both of its log modes: Huawei Cloud's line-paged
    /// log, and OTC's preview plus the pre-signed log URL (with a preview window far smaller than the logs, so that
    /// reads and follows must fetch what the preview no longer holds by Range requests).
    /// </summary>
    public class V2LogTests
    {
        private const string Engine = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
        private const int PreviewBytes = 2048;

        /// <summary>A script printing <paramref name="count"/> numbered lines (per worker, tagged with its index), pausing every <paramref name="every"/> lines.</summary>
        private static string Script(int count, int every = 0, double pause = 0, int exitCode = 0) =>
            "import os, sys, time\n"
            + "w = os.environ.get('VC_TASK_INDEX', '0')\n"
            + "for i in range(1, " + count + " + 1):\n"
            + "    print('n %06d w%s ' % (i, w) + 'x' * 20, flush=" + (every > 0 ? "True" : "False") + ")\n"
            + (every > 0 ? "    if i % " + every + " == 0: time.sleep(" + pause.ToString(CultureInfo.InvariantCulture) + ")\n" : string.Empty)
            + (exitCode != 0 ? "print('bad data: column y missing', flush=True)\nsys.exit(" + exitCode + ")\n" : string.Empty);

        private static IEnumerable<string> Numbered(int from, int to, int worker = 0) =>
            Enumerable.Range(from, to - from + 1).Select(i => "n " + i.ToString("D6", CultureInfo.InvariantCulture) + " w" + worker + " " + new string('x', 20));

        private static List<string> Own(IEnumerable<LogLine> lines) => lines.Select(l => l.Line).Where(l => l.StartsWith("n ", StringComparison.Ordinal)).ToList();

        private static Task<LocalService> StartAsync(bool paged, int previewBytes = PreviewBytes) =>
            LocalService.StartAsync(o =>
            {
                o.V2PagedLog = paged;
                o.V2PreviewBytes = previewBytes;
            });

        private static ModelArtsClient V2Client(LocalService service) => service.Client(o => o.TrainingApi = TrainingApi.V2);

        private static async Task<TrainingJob> StartJobAsync(LocalService service, ModelArtsClient client, string name, string script, int workers = 1)
        {
            service.PutObject("bkt/" + name + "/train.py", script);
            service.PutObject("bkt/data/train.csv", "x,y\n1,2\n");
            var spec = new EstimatorSpec
            {
                Name = name,
                FrameworkType = "PyTorch",
                FrameworkVersion = Engine,
                CodeDir = "obs://bkt/" + name + "/",
                BootFile = "train.py",
                Inputs = "obs://bkt/data/",
                OutputPath = "obs://bkt/out/" + name + "/",
                TrainInstanceType = "modelarts.vm.cpu.8u",
                TrainInstanceCount = workers,
            };
            return await client.CreateTrainingJobAsync(await client.PrepareTrainingJobAsync(spec));
        }

        private static async Task<TrainingJob> EndedAsync(ModelArtsClient client, TrainingJob job)
        {
            TrainingJob? ended = null;
            await foreach (var update in client.WaitForTrainingJobsAsync(new[] { (job.JobId, (long?)null) }, TimeSpan.FromMinutes(5)))
            {
                if (update.Kind == TrainingJobWaitUpdateKind.Ended)
                {
                    ended = update.Job;
                }
            }

            return ended ?? throw new InvalidOperationException("The job did not end.");
        }

        private static async Task<List<LogLine>> ReadAsync(ModelArtsClient client, string jobId, LogReadMode mode, int? tail = null, int[]? workers = null)
        {
            var lines = new List<LogLine>();
            await foreach (var line in client.ReadJobLogAsync(jobId, null, mode, tail, workers))
            {
                lines.Add(line);
            }

            return lines;
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task AWholeLogBiggerThanTheRangesAndThePreviewComesOnceInOrder(bool paged)
        {
            // 60,000 lines of 36 bytes: 2.1 MB, some 33 Range requests and a thousand times the preview.
            await using var service = await StartAsync(paged);
            using var client = V2Client(service);
            var job = await EndedAsync(client, await StartJobAsync(service, client, "whole", Script(60_000)));

            var lines = await ReadAsync(client, job.JobId, LogReadMode.Whole);

            Assert.Equal(Numbered(1, 60_000), Own(lines));
            Assert.All(lines, l => Assert.Equal(job.JobId, l.JobId));
            Assert.All(lines, l => Assert.Equal("worker-0", l.LogFile));
            Assert.Equal(0, lines[0].VersionId);
        }

        [Theory]
        [InlineData(true, PreviewBytes)]
        [InlineData(false, PreviewBytes)]
        [InlineData(false, 4 * 1024 * 1024)]
        public async Task LinesCutByRangesComeWholeWithTheirCharactersAndWithoutCarriageReturns(bool paged, int previewBytes)
        {
            // 1.2 MB: a few Range requests of 512 KiB whose ends fall inside lines and inside multi-byte characters,
            // every third line ended by CRLF, and one line of 600 KB, which the local service writes in pieces of 16 K
            // characters (as a 2-byte character each, cut between the bytes of no character). With a 4 MB preview the
            // whole log is in the preview, handed out in pages of the ranges' size.
            const int count = 24_000;
            var script = "import sys\n"
                + "out = sys.stdout.buffer\n"
                + "for i in range(1, " + count + " + 1):\n"
                + "    out.write(('m %06d ž€🐎 ' % i + 'é' * (i % 7)).encode('utf-8') + (b'\\r\\n' if i % 3 == 0 else b'\\n'))\n"
                + "    if i == " + count / 2 + ": out.write(('long ' + 'ü' * 300000).encode('utf-8') + b'\\n')\n";
            var expected = Enumerable.Range(1, count).SelectMany(i =>
            {
                var line = "m " + i.ToString("D6", CultureInfo.InvariantCulture) + " ž€🐎 " + new string('é', i % 7);
                return i == count / 2 ? new[] { line }.Concat(Pieces("long " + new string('ü', 300_000), 16 * 1024)) : new[] { line };
            });
            await using var service = await StartAsync(paged, previewBytes);
            using var client = V2Client(service);
            var job = await EndedAsync(client, await StartJobAsync(service, client, "utf8", script));

            var lines = await ReadAsync(client, job.JobId, LogReadMode.Whole);

            Assert.Equal(expected, lines.Select(l => l.Line).Where(l => l.StartsWith("m ", StringComparison.Ordinal) || l.StartsWith("long ", StringComparison.Ordinal) || l.StartsWith("ü", StringComparison.Ordinal)));
        }

        private static IEnumerable<string> Pieces(string text, int length)
        {
            for (var from = 0; from < text.Length; from += length)
            {
                yield return text.Substring(from, Math.Min(length, text.Length - from));
            }
        }

        [Theory]
        [InlineData(true, 25)]
        [InlineData(false, 25)]
        [InlineData(false, 700)]
        public async Task TailGivesTheLastLinesWhetherOrNotThePreviewHoldsThem(bool paged, int tail)
        {
            await using var service = await StartAsync(paged);
            using var client = V2Client(service);
            var job = await EndedAsync(client, await StartJobAsync(service, client, "tail", Script(5_000)));
            var whole = await ReadAsync(client, job.JobId, LogReadMode.Whole);

            var lines = await ReadAsync(client, job.JobId, LogReadMode.Tail, tail);

            Assert.Equal(whole.Skip(whole.Count - tail).Select(l => l.Line), lines.Select(l => l.Line));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task AFollowGetsEveryLineOnceWhileTheJobWritesFasterThanThePreviewHolds(bool paged)
        {
            // 400 lines per pause of 0.2 s: 14 KB between two polls, seven times the preview window.
            await using var service = await StartAsync(paged);
            using var client = V2Client(service);
            var job = await StartJobAsync(service, client, "follow", Script(6_000, every: 400, pause: 0.2));

            var lines = await ReadAsync(client, job.JobId, LogReadMode.Follow);

            Assert.Equal(Numbered(1, 6_000), Own(lines));
            Assert.Equal("Completed", (await client.GetTrainingJobAsync(job.JobId)).Phase);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task WorkersAreReadAloneOrTogetherAndAMissingOneIsAnError(bool paged)
        {
            await using var service = await StartAsync(paged);
            using var client = V2Client(service);
            var job = await EndedAsync(client, await StartJobAsync(service, client, "pair", Script(300), workers: 2));

            var second = await ReadAsync(client, job.JobId, LogReadMode.Whole, workers: new[] { 1 });
            var both = await ReadAsync(client, job.JobId, LogReadMode.Tail, 3);

            Assert.Equal(Numbered(1, 300, worker: 1), Own(second));
            Assert.All(second, l => Assert.Equal(1, l.Worker));
            Assert.Equal(new[] { 0, 0, 0, 1, 1, 1 }, both.Select(l => l.Worker));
            var e = await Assert.ThrowsAsync<ModelArtsValidationException>(() => ReadAsync(client, job.JobId, LogReadMode.Whole, workers: new[] { 2 }));
            Assert.Equal(ValidationErrorIds.WorkerOutOfRange, e.ErrorId);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task AFailedJobsSummaryQuotesTheEndOfItsLog(bool paged)
        {
            await using var service = await StartAsync(paged);
            using var client = V2Client(service);
            var job = await EndedAsync(client, await StartJobAsync(service, client, "fails", Script(2_000, exitCode: 3)));

            var summary = await client.DescribeFailureAsync(job);

            Assert.Equal("Failed", job.Phase);
            Assert.Null(summary.LogProblem);
            Assert.Equal(ModelArtsClient.FailureLogLines, summary.LastLines.Count);
            Assert.Contains("bad data: column y missing", summary.Message);
        }

        [Fact]
        public async Task TheLogUrlIsNeitherSignedAgainNorShown()
        {
            await using var service = await StartAsync(paged: false);
            using var client = V2Client(service);
            var job = await EndedAsync(client, await StartJobAsync(service, client, "quiet", Script(3_000)));
            var sink = new RecordingSink();

            List<LogLine> lines;
            using (Diagnostics.Use(sink))
            {
                lines = await ReadAsync(client, job.JobId, LogReadMode.Whole);
            }

            Assert.Equal(Numbered(1, 3_000), Own(lines));
            var downloads = sink.Messages.Where(m => m.StartsWith("DEBUG: HTTP GET", StringComparison.Ordinal) && m.Contains("/_logs/")).ToList();
            Assert.NotEmpty(downloads);
            Assert.All(downloads, m => Assert.DoesNotContain("Authorization", m));
            Assert.All(downloads, m => Assert.Contains("Range: bytes=", m));
            Assert.DoesNotContain("Signature=", sink.All);
            Assert.DoesNotContain("AWSAccessKeyId=", sink.All);
        }
    }
}
