using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    /// <summary>A create through lost answers and failures, against the real local service: never a duplicate job, never an old job as the new one.</summary>
    public class CreateThroughOutagesTests
    {
        private static async Task<int> CountAsync(ModelArtsClient client, string name) =>
            await client.ListTrainingJobsAsync(new TrainingJobQuery { SearchContent = name }).CountAsync(j => j.Name == name);

        [Fact]
        public async Task ALostAnswerIsFoundByNameAndNotSentAgain()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            await service.SetFaultsAsync("{\"fail_next\":1,\"fail_as\":\"drop\",\"fail_method\":\"POST\"}");

            var job = await client.CreateTrainingJobAsync(LocalService.JobRequest("lost-answer"));

            Assert.Equal("lost-answer", job.Name);
            Assert.Single(service.Calls(), c => c == "POST /training-jobs");
            Assert.Equal(1, await CountAsync(client, "lost-answer"));
        }

        [Fact]
        public async Task AFailureBeforeTheWorkIsCheckedAndSentAgain()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            await service.SetFaultsAsync("{\"fail_next\":1,\"fail_as\":\"error\",\"fail_method\":\"POST\"}");

            var job = await client.CreateTrainingJobAsync(LocalService.JobRequest("sent-again"));

            Assert.Equal("sent-again", job.Name);
            Assert.Equal(new[] { "POST /training-jobs", "GET /training-jobs", "POST /training-jobs" }, service.Calls().Where(c => c.EndsWith("/training-jobs", System.StringComparison.Ordinal)));
            Assert.Equal(1, await CountAsync(client, "sent-again"));
        }

        [Fact]
        public async Task TheCheckMatchesTheExactNameOnly()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            await client.CreateTrainingJobAsync(LocalService.JobRequest("my-job-2"));
            await client.CreateTrainingJobAsync(LocalService.JobRequest("xmy-job"));
            await service.SetFaultsAsync("{\"fail_next\":1,\"fail_as\":\"error\",\"fail_method\":\"POST\"}");

            var job = await client.CreateTrainingJobAsync(LocalService.JobRequest("my-job"));

            Assert.Equal("my-job", job.Name);
            Assert.Equal(1, await CountAsync(client, "my-job"));
        }

        [Fact]
        public async Task ACreateThatNeverHappenedStillFailsAfterTheLastAttempt()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            await service.SetFaultsAsync("{\"fail_next\":1000,\"fail_as\":\"error\",\"fail_method\":\"POST\"}");

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.CreateTrainingJobAsync(LocalService.JobRequest("never")));

            Assert.Equal(ModelArtsErrorKind.ServerError, e.Kind);
            Assert.Equal(new Http.RetryOptions().MaxAttempts, service.Calls().Count(c => c == "POST /training-jobs"));
            Assert.Equal(0, await CountAsync(client, "never"));
        }

        [Fact]
        public async Task AThrottledCreateIsResentWithoutALookup()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            await service.SetFaultsAsync("{\"fail_next\":1,\"fail_as\":\"throttle\",\"retry_after_seconds\":0,\"fail_method\":\"POST\"}");

            await client.CreateTrainingJobAsync(LocalService.JobRequest("throttled"));

            Assert.Equal(new[] { "POST /training-jobs", "POST /training-jobs" }, service.Calls());
        }

        [Fact]
        public async Task AnOldJobOfTheSameNameIsNotTakenForTheNewOne()
        {
            // Issue 16: "nightly" exists; the new create's answer is lost. The look-up finds the old job, which has
            // another output path and description: the name is taken, and the old job must not come back as the new one.
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            var old = await client.CreateTrainingJobAsync(LocalService.JobRequest("nightly", "/bucket/old-out/", "old run"));
            await service.SetFaultsAsync("{\"fail_next\":1,\"fail_as\":\"error\",\"fail_method\":\"POST\"}");

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.CreateTrainingJobAsync(LocalService.JobRequest("nightly", "/bucket/new-out/", "new run")));

            Assert.Equal(ModelArtsErrorKind.ResourceExists, e.Kind);
            Assert.Contains("is not the one this call sent", e.Message, System.StringComparison.Ordinal);
            Assert.Equal(1, await CountAsync(client, "nightly"));
            Assert.Equal("/bucket/old-out/", (await client.GetTrainingJobAsync(old.JobId)).OutputPath);
        }

        [Fact]
        public async Task AnOldJobOfTheSameNameAfterADroppedAnswerIsNameExists()
        {
            // The re-sent create is refused ("exists"), and the second look finds the same old job: still not ours.
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            await client.CreateTrainingJobAsync(LocalService.JobRequest("nightly", "/bucket/old-out/", "old run"));
            await service.SetFaultsAsync("{\"fail_next\":1,\"fail_as\":\"drop\",\"fail_method\":\"POST\"}");

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.CreateTrainingJobAsync(LocalService.JobRequest("nightly", "/bucket/new-out/", "new run")));

            Assert.Equal(ModelArtsErrorKind.ResourceExists, e.Kind);
            Assert.Equal(1, await CountAsync(client, "nightly"));
        }
    }
}
