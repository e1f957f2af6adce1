using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// Issue 7: a log follow rides through outages longer than one call's retries, without losing or repeating a
    /// line, against the real local service with a scripted outage ("fail the next N calls").
    /// </summary>
    public class ReliabilityTests
    {
        private const string Script = "import time\nfor i in range(1, 6):\n    print('line', i, flush=True)\n    time.sleep(0.05)\n";

        private static readonly string[] Expected = Enumerable.Range(1, 5).Select(i => "line " + i).ToArray();

        private static async Task<List<string>> FollowAsync(ModelArtsClient client, long jobId, long? versionId)
        {
            var lines = new List<string>();
            await foreach (var line in client.ReadJobLogAsync(jobId.ToString(CultureInfo.InvariantCulture), versionId, LogReadMode.Follow))
            {
                lines.Add(line.Line);
            }

            return lines;
        }

        [Theory]
        [InlineData("error")]
        [InlineData("throttle")]
        public async Task FollowRidesThroughAnOutageLongerThanOneCallsRetries(string failAs)
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            var job = await service.StartPythonJobAsync(client, "outage-" + failAs, Script);

            // 10 failed calls: two and a half calls' worth of retries, from the very first (latest version) look-up on.
            await service.SetFaultsAsync("{\"fail_next\":10,\"fail_as\":\"" + failAs + "\",\"retry_after_seconds\":0}");
            var lines = await FollowAsync(client, ModelArtsClient.V1JobId(job.JobId), null);

            Assert.Equal(Expected, lines.Where(l => l.StartsWith("line ", StringComparison.Ordinal)));
            Assert.Equal(10, service.FaultedCalls());
        }

        [Fact]
        public async Task FollowGivesUpAfterABoundedOutageWithTheServiceError()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            var job = await service.StartPythonJobAsync(client, "long-outage", Script);
            await service.SetFaultsAsync("{\"fail_next\":100000,\"fail_as\":\"error\"}");
            var before = service.Calls().Count;
            var clock = Stopwatch.StartNew();

            var failure = await Assert.ThrowsAsync<ModelArtsException>(() => FollowAsync(client, ModelArtsClient.V1JobId(job.JobId), job.VersionId));

            Assert.Equal(ModelArtsErrorKind.ServerError, failure.Kind);
            var calls = service.Calls().Count - before;
            Assert.InRange(calls, 30, 30 * new Http.RetryOptions().MaxAttempts);
            Console.WriteLine("FIGURE follow gave up after " + calls + " failed calls in " + clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s");
        }

        [Fact]
        public async Task FollowDoesNotRetryWhatCannotHeal()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();

            var failure = await Assert.ThrowsAsync<ModelArtsException>(() => FollowAsync(client, 987654, null));

            Assert.Equal(ModelArtsErrorKind.NotFound, failure.Kind);
            Assert.Single(service.Calls());
        }
    }
}
