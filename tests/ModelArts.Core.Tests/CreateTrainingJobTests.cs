using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    public class CreateTrainingJobTests
    {
        private readonly FakeTime time = new FakeTime();
        private readonly FakeModelArts service = new FakeModelArts();

        private static CreateTrainingJobRequest Request(string name = "my-job") => new CreateTrainingJobRequest
        {
            JobName = name,
            JobDescription = "demo",
            Config = new TrainingJobConfig { SpecId = 27, EngineId = 4, AppUrl = "/b/code/", BootFileUrl = "/b/code/train.py", DataUrl = "/b/data/", TrainUrl = "/b/out/" },
        };

        [Fact]
        public async Task ACreateReturnsTheJob()
        {
            using var client = TestClients.Create(service.Handler, time);

            var job = await client.CreateTrainingJobAsync(Request());

            Assert.Equal("my-job", job.Name);
            Assert.Equal(JobStatus.Init, job.StatusCode);
            Assert.Equal("V0001", job.VersionName);
            Assert.Equal("/b/code/", job.CodeDir);
            Assert.Equal(service.Jobs.Single().Id.ToString(CultureInfo.InvariantCulture), job.JobId);
        }

        [Fact]
        public async Task ADuplicateNameWithoutALostAnswerIsResourceExists()
        {
            service.AddJob("my-job");
            using var client = TestClients.Create(service.Handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.CreateTrainingJobAsync(Request()));

            Assert.Equal(ModelArtsErrorKind.ResourceExists, e.Kind);
            Assert.Equal("ModelArts.0103", e.ErrorCode);
            Assert.Single(service.Handler.Requests);
        }

        [Fact]
        public async Task AnInvalidNameIsRefusedBeforeSending()
        {
            using var client = TestClients.Create(service.Handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.CreateTrainingJobAsync(Request("bad name!")));

            Assert.Equal("InvalidJobName", e.ErrorId);
            Assert.Empty(service.Handler.Requests);
        }

        [Fact]
        public void ThePreviewIsExactlyTheBodySent()
        {
            using var client = TestClients.Create(service.Handler, time);
            var request = Request();

            var preview = client.PreviewCreateTrainingJob(request);

            Assert.Equal("POST", preview.Method);
            Assert.Equal("https://modelarts.eu-de.otc.t-systems.com/v1/" + TestClients.ProjectId + "/training-jobs", preview.Uri.ToString());
            Assert.Equal(
                "{\"job_name\":\"my-job\",\"job_desc\":\"demo\",\"config\":{\"worker_server_num\":1,\"app_url\":\"/b/code/\",\"boot_file_url\":\"/b/code/train.py\","
                + "\"parameter\":[],\"data_url\":\"/b/data/\",\"spec_id\":27,\"engine_id\":4,\"train_url\":\"/b/out/\"}}",
                preview.Body);
        }

        [Fact]
        public async Task ThePostedVersionBodyIsThePreview()
        {
            var job = service.AddJob("my-job");
            using var client = TestClients.Create(service.Handler, time);
            var request = new CreateTrainingJobVersionRequest
            {
                JobDescription = "second",
                Config = new TrainingJobConfig { PreVersionId = job.VersionId, SpecId = 27, EngineId = 4, AppUrl = "/b/code/", BootFileUrl = "/b/code/train.py", DataUrl = "/b/data2/", TrainUrl = "/b/out/" },
            };

            var preview = client.PreviewCreateTrainingJobVersion(job.Id, request);
            await client.CreateTrainingJobVersionAsync(job.Id, request);

            Assert.Equal("POST", preview.Method);
            var posted = service.Handler.To("/training-jobs/" + job.Id + "/versions", "POST").Single();
            Assert.Equal(preview.Uri.AbsolutePath, posted.Path);
            Assert.Equal(preview.Body, posted.BodyText);
        }

        [Fact]
        public async Task ThePostedBodyIsThePreview()
        {
            using var client = TestClients.Create(service.Handler, time);
            var request = Request();

            await client.CreateTrainingJobAsync(request);

            Assert.Equal(client.PreviewCreateTrainingJob(request).Body, service.Handler.Requests.Single().BodyText);
        }
    }
}
