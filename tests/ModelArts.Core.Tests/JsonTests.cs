using System;
using System.Linq;
using System.Text;
using ModelArts.Core.Api;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    public class JsonTests
    {
        private static T Read<T>(string json) => ModelArtsJson.Deserialize<T>(Encoding.UTF8.GetBytes(json));

        [Theory]
        [InlineData("{\"job_id\":567524,\"version_id\":1108482,\"status\":1,\"create_time\":1609121837000}")]
        [InlineData("{\"job_id\":\"567524\",\"version_id\":\"1108482\",\"status\":\"1\",\"create_time\":\"1609121837000\"}")]
        [InlineData("{\"job_id\":\" 567524 \",\"version_id\":1108482.0,\"status\":\"1\",\"create_time\":1609121837000,\"unknown\":{\"a\":[1,2]}}")]
        public void IdsStatusAndTimesAcceptNumbersAndStrings(string json)
        {
            var created = Read<WireCreated>(json);

            Assert.Equal(567524, created.JobId);
            Assert.Equal(1108482, created.VersionId);
            Assert.Equal(1, created.Status);
            Assert.Equal(1609121837000, created.CreateTime);
        }

        [Theory]
        [InlineData("{\"spec_id\":27,\"core\":\"8\",\"cpu\":\"32\",\"gpu_num\":0,\"max_num\":1}")]
        [InlineData("{\"spec_id\":\"27\",\"core\":8,\"cpu\":32,\"gpu_num\":\"0\",\"max_num\":\"1\"}")]
        public void FlavorNumbersAcceptBothForms(string json)
        {
            var flavor = Mapping.ToFlavor(WireSpecList.Read(Encoding.UTF8.GetBytes("{\"specs\":[" + json + "]}")).Specs.Single());

            Assert.Equal(27, flavor.SpecId);
            Assert.Equal(8, flavor.Cores);
            Assert.Equal(32, flavor.MemoryGiB);
            Assert.Equal(0, flavor.GpuCount);
            Assert.Equal(1, flavor.MaxNodes);
        }

        [Theory]
        [InlineData("{\"engine_id\":null,\"pre_version_id\":\"\",\"start_time\":null,\"worker_server_num\":\"\"}")]
        [InlineData("{}")]
        public void NullableNumbersReadNullAndEmptyAsAbsent(string json)
        {
            var version = Read<WireVersion>(json);

            Assert.Null(version.EngineId);
            Assert.Null(version.PreVersionId);
            Assert.Null(version.StartTime);
            Assert.Null(version.WorkerServerNum);
        }

        [Fact]
        public void LogLinesCountAcceptsAString()
        {
            var chunk = Read<WireLogChunk>("{\"start_line\":1551252759254000002,\"end_line\":\"1551252759254000003\",\"lines\":\"1\",\"content\":\"x\"}");

            Assert.Equal(1, chunk.Lines);
            Assert.Equal("1551252759254000002", chunk.StartLine);
            Assert.Equal("1551252759254000003", chunk.EndLine);
        }

        [Fact]
        public void HyperparameterValuesThatAreNumbersBecomeStrings()
        {
            var version = Read<WireVersion>("{\"parameter\":[{\"label\":\"lr\",\"value\":0.01},{\"label\":\"epochs\",\"value\":\"10\"}]}");

            Assert.Equal("0.01", version.Parameter![0].Value);
            Assert.Equal("10", version.Parameter[1].Value);
        }

        [Theory]
        [InlineData("{\"job_id\":\"abc\"}")]
        [InlineData("{\"job_id\":{}}")]
        [InlineData("{\"status\":99999999999}")]
        public void ValuesThatAreNoNumbersAreAnInvalidResponse(string json)
        {
            Assert.ThrowsAny<System.Text.Json.JsonException>(() => Read<WireCreated>(json));
        }

        [Fact]
        public void RequestsWriteNumbersAsNumbersAndLeaveNullsOut()
        {
            var request = new CreateTrainingJobRequest
            {
                JobName = "j",
                Config = new TrainingJobConfig { WorkerServerNum = 2, SpecId = 27, EngineId = 4, Flavor = new FlavorReference("modelarts.vm.cpu.8u") },
            };
            request.Config.Parameter.Add(new Hyperparameter("lr", "0.01"));

            Assert.Equal(
                "{\"job_name\":\"j\",\"config\":{\"worker_server_num\":2,\"parameter\":[{\"label\":\"lr\",\"value\":\"0.01\"}],\"spec_id\":27,\"flavor\":{\"code\":\"modelarts.vm.cpu.8u\"},\"engine_id\":4}}",
                request.ToJson());
        }

        [Fact]
        public void DetailMapsToTheModel()
        {
            var job = Mapping.ToTrainingJob(Read<WireVersion>(
                "{\"job_id\":\"10\",\"job_name\":\"j\",\"version_id\":20,\"status\":\"10\",\"create_time\":1524189990635,\"start_time\":\"1524189991635\",\"duration\":532003,"
                + "\"app_url\":\"/b/c/\",\"spec_code\":\"modelarts.vm.cpu.2u\",\"model_metric_list\":\"{}\",\"system_metric_list\":{\"cpuUsage\":[\"1\"]}}"));

            Assert.Equal("10", job.JobId);
            Assert.Equal(JobStatus.Completed, job.StatusCode);
            Assert.True(job.StatusCode.IsTerminal());
            Assert.True(job.StatusCode.IsSuccessful());
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1524189990635), job.CreateTime);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1524189991635), job.StartTime);
            Assert.Equal(TimeSpan.FromMilliseconds(532003), job.Duration);
            Assert.Equal("modelarts.vm.cpu.2u", job.FlavorCode);
            Assert.Equal("/b/c/", job.CodeDir);
        }

        [Theory]
        [InlineData(JobStatus.ImageFailed, true)]
        [InlineData(JobStatus.SubmitFailed, true)]
        [InlineData(JobStatus.Completed, true)]
        [InlineData(JobStatus.Failed, true)]
        [InlineData(JobStatus.Killed, true)]
        [InlineData(JobStatus.Canceled, true)]
        [InlineData(JobStatus.Lost, true)]
        [InlineData(JobStatus.SubmitModelFailed, true)]
        [InlineData(JobStatus.DeployServiceFailed, true)]
        [InlineData(JobStatus.CheckFailed, true)]
        [InlineData(JobStatus.MountFailed, true)]
        [InlineData(JobStatus.Init, false)]
        [InlineData(JobStatus.Waiting, false)]
        [InlineData(JobStatus.Running, false)]
        [InlineData(JobStatus.Killing, false)]
        public void TerminalStatesFollowTheContract(JobStatus status, bool terminal)
        {
            Assert.Equal(terminal, status.IsTerminal());
        }
    }
}
