using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    public class TrainingJobQueryTests
    {
        private readonly FakeTime time = new FakeTime();
        private readonly FakeModelArts service = new FakeModelArts();

        [Fact]
        public async Task AllPagesAreFetchedLazily()
        {
            for (var i = 0; i < 250; i++) service.AddJob("job-" + i);
            using var client = TestClients.Create(service.Handler, time);

            var all = new List<TrainingJobSummary>();
            await foreach (var job in client.ListTrainingJobsAsync(new TrainingJobQuery { PageSize = 100, Status = JobStatus.Running, SortBy = "create_time", Order = "desc" })) all.Add(job);

            Assert.Equal(250, all.Select(j => j.JobId).Distinct().Count());
            var pages = service.Handler.To("/training-jobs", "GET");
            Assert.Equal(new[] { "1", "2", "3" }, pages.Select(p => p.Query("page")));
            Assert.All(pages, p =>
            {
                Assert.Equal("100", p.Query("per_page"));
                Assert.Equal("8", p.Query("status"));
                Assert.Equal("create_time", p.Query("sortBy"));
                Assert.Equal("desc", p.Query("order"));
            });
        }

        [Fact]
        public async Task AnExactPageMultipleStopsOnTheTotalCount()
        {
            for (var i = 0; i < 200; i++) service.AddJob("job-" + i);
            using var client = TestClients.Create(service.Handler, time);

            var count = 0;
            await foreach (var _ in client.ListTrainingJobsAsync(new TrainingJobQuery { PageSize = 100 })) count++;

            Assert.Equal(200, count);
            Assert.Equal(2, service.Handler.Requests.Count);
        }

        [Fact]
        public async Task StoppingEarlyFetchesNoFurtherPages()
        {
            for (var i = 0; i < 250; i++) service.AddJob("job-" + i);
            using var client = TestClients.Create(service.Handler, time);

            await foreach (var _ in client.ListTrainingJobsAsync(new TrainingJobQuery { PageSize = 100 })) break;

            Assert.Single(service.Handler.Requests);
        }

        [Fact]
        public async Task WithoutAVersionTheLatestVersionIsReturned()
        {
            var job = service.AddJob("j", 7);
            using var client = TestClients.Create(service.Handler, time);

            var latest = await client.GetTrainingJobAsync(job.Id);

            Assert.Equal(job.VersionId, latest.VersionId);
            Assert.Equal("V0002", latest.VersionName);
            Assert.Equal("j", latest.Name);
            Assert.Equal(JobStatus.Waiting, latest.StatusCode);
        }

        [Fact]
        public async Task VersionDetailIsMapped()
        {
            var job = service.AddJob("j");
            using var client = TestClients.Create(service.Handler, time);

            var detail = await client.GetTrainingJobAsync(job.Id, job.VersionId);

            Assert.Equal("TensorFlow", detail.FrameworkType);
            Assert.Equal("TF-1.8.0-python3.6", detail.FrameworkVersion);
            Assert.Equal(27, detail.SpecId);
            Assert.Equal("modelarts.vm.cpu.8u", detail.FlavorCode);
            Assert.Equal("0.01", detail.Hyperparameters.Single().Value);
        }

        [Theory]
        [InlineData("0", null)]
        [InlineData("\"0\"", null)]
        [InlineData("7", 7L)]
        public async Task PreVersionIdZeroMeansNoPreviousVersion(string wire, long? expected)
        {
            var handler = new FakeHandler(_ => Reply.Json(
                "{\"is_success\":true,\"job_id\":3,\"job_name\":\"j\",\"version_id\":9,\"version_name\":\"V0002\",\"status\":10,\"pre_version_id\":" + wire + "}"));
            using var client = TestClients.Create(handler, time);

            var version = await client.GetTrainingJobAsync(3, 9);

            Assert.Equal(expected, version.PreVersionId);
        }

        [Fact]
        public async Task UpdateDescriptionSendsJobDesc()
        {
            var handler = new FakeHandler(_ => Reply.Json("{\"is_success\":true}"));
            using var client = TestClients.Create(handler, time);

            await client.UpdateTrainingJobDescriptionAsync(3, "new text");

            var request = handler.Requests.Single();
            Assert.Equal("PUT", request.Method);
            Assert.Equal("{\"job_desc\":\"new text\"}", request.BodyText);
        }
    }
}
