using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;
using Xunit;

namespace ModelArts.Core.Tests
{
    /// <summary>Issue 7: a log follow rides through outages longer than one call's retries, without losing or repeating a line.</summary>
    public class ReliabilityTests
    {
        private const string File0 = "job-my-job.0";
        private readonly FakeTime time = new FakeTime();
        private readonly FakeModelArts service = new FakeModelArts();
        private readonly FakeModelArts.Job job;

        public ReliabilityTests()
        {
            job = service.AddJob("my-job");
        }

        private static List<string> Lines(int count, string prefix) => Enumerable.Range(1, count).Select(i => prefix + i).ToList();

        private async Task<List<string>> Follow()
        {
            using var client = TestClients.Create(service.Handler, time);
            var result = new List<string>();
            await foreach (var line in client.ReadJobLogAsync(job.Id, job.VersionId, LogReadMode.Follow)) result.Add(line.Line);
            return result;
        }

        [Theory]
        [InlineData(503)]
        [InlineData(500)]
        [InlineData(429)]
        public async Task FollowRidesThroughAnOutageLongerThanOneCallsRetries(int status)
        {
            service.Logs[File0] = Lines(3, "before ");
            service.OnStatusPoll = poll =>
            {
                if (poll == 1) service.Logs[File0].AddRange(Lines(2, "during "));
                if (poll == 2) service.StatusOfJob = 10;
            };
            // After the first read, the next 10 calls (2.5 calls' worth of retries) fail; then the service is back.
            var failing = 0;
            var calls = 0;
            service.Intercept = request =>
            {
                if (++calls < 2 || failing >= 10) return null;
                failing++;
                return status == 429 ? Reply.Throttled("0") : Reply.Status(status, "{\"error_code\":\"ModelArts.0010\",\"error_msg\":\"down\"}");
            };

            var lines = await Follow();

            Assert.Equal(Lines(3, "before ").Concat(Lines(2, "during ")), lines);
            Assert.Equal(10, failing);
        }

        [Fact]
        public async Task FollowGivesUpAfterABoundedOutageWithTheServiceError()
        {
            service.Logs[File0] = Lines(1, "only ");
            var calls = 0;
            service.Intercept = request => ++calls < 2 ? null : Reply.Status(503, "{\"error_code\":\"ModelArts.0010\",\"error_msg\":\"down\"}");

            var failure = await Assert.ThrowsAsync<ModelArtsException>(Follow);

            Assert.Equal(ModelArtsErrorKind.ServerError, failure.Kind);
            Assert.InRange(calls, 30, 30 * 4 + 1);
        }

        [Fact]
        public async Task FollowDoesNotRetryWhatCannotHeal()
        {
            service.Logs[File0] = Lines(1, "only ");
            var calls = 0;
            service.Intercept = request => ++calls < 2 ? null : Reply.Status(404, "{\"error_code\":\"ModelArts.0015\",\"error_msg\":\"gone\"}");

            var failure = await Assert.ThrowsAsync<ModelArtsException>(Follow);

            Assert.Equal(ModelArtsErrorKind.NotFound, failure.Kind);
            Assert.Equal(2, calls);
        }
    }
}
