using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;
using ModelArts.Core.Training;

namespace ModelArts.Core.Tests
{
    /// <summary>The client's one training API per session: each one sends to its own paths and refuses what its API lacks before sending.</summary>
    public class TrainingApiDispatchTests
    {
        private const string V2JobId = "5f2a8c3e-1b7d-4e0a-9c6f-2d8b7a1e4c30";

        private readonly FakeTime time = new FakeTime();
        private readonly FakeHandler silent = new FakeHandler(_ => Reply.Status(500));

        private static EstimatorSpec Spec() => new EstimatorSpec
        {
            Name = "mnist",
            FrameworkType = "tensorflow",
            FrameworkVersion = "tf-1.8.0-python3.6",
            CodeDir = "obs://bucket/code",
            BootFile = "train.py",
            Inputs = "obs://bucket/data/",
            OutputPath = "obs://bucket/out",
            TrainInstanceType = "modelarts.vm.cpu.8u",
        };

        private ModelArtsClient Client(TrainingApi api, FakeHandler? handler = null) =>
            TestClients.Create(handler ?? silent, time, o => o.TrainingApi = api);

        private static void AssertRefused(ModelArtsValidationException e, string errorId, string what, string wording)
        {
            Assert.Equal(errorId, e.ErrorId);
            Assert.Equal(what, e.ParameterName);
            Assert.Contains(wording, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task V1RefusesEventsMetricsAndV2OnlyCreateSettingsBeforeSending()
        {
            using var client = Client(TrainingApi.V1);

            var events = Assert.Throws<ModelArtsValidationException>(() => client.GetTrainingJobEventsAsync("12"));
            var metrics = await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.GetTrainingJobMetricsAsync("12"));
            var refusedSpecs = new (string What, Action<EstimatorSpec> Set)[]
            {
                ("Environment", s => s.Environment = new Dictionary<string, string> { ["A"] = "1" }),
                ("PoolId", s => s.PoolId = "pool-1"),
                ("WorkspaceId", s => s.WorkspaceId = "ws-1"),
            };
            foreach (var (what, set) in refusedSpecs)
            {
                var spec = Spec();
                set(spec);
                var e = await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.PrepareTrainingJobAsync(spec));
                AssertRefused(e, ValidationErrorIds.NotInTrainingApi, what, "works only with the v2 training API; this session speaks v1.");
            }

            AssertRefused(events, ValidationErrorIds.NotInTrainingApi, "Events", "works only with the v2 training API");
            AssertRefused(metrics, ValidationErrorIds.NotInTrainingApi, "Metrics", "works only with the v2 training API");
            client.EnsureV1("VersionId");
            Assert.Empty(silent.Requests);
        }

        [Fact]
        public async Task V2RefusesVersionsOnEveryCallThatTakesOneBeforeSending()
        {
            using var client = Client(TrainingApi.V2);
            const string V1Only = "works only with the v1 training API; this session speaks v2";

            AssertRefused(Assert.Throws<ModelArtsValidationException>(() => client.EnsureV1("New-MaTrainingJobVersion")), ValidationErrorIds.NotInTrainingApi, "New-MaTrainingJobVersion", V1Only);
            AssertRefused(await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.GetTrainingJobAsync(V2JobId, 3)), ValidationErrorIds.NotInTrainingApi, "VersionId", V1Only);
            AssertRefused(await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.StopTrainingJobAsync(V2JobId, 3)), ValidationErrorIds.NotInTrainingApi, "VersionId", V1Only);
            AssertRefused(
                Assert.Throws<ModelArtsValidationException>(() => client.ReadJobLogPagesAsync(V2JobId, 3, LogReadMode.Whole, null, null)), ValidationErrorIds.NotInTrainingApi, "VersionId", V1Only);
            Assert.Empty(silent.Requests);
        }

        [Fact]
        public async Task V1RefusesAV2JobIdOnEveryJobCallBeforeSending()
        {
            using var client = Client(TrainingApi.V1);
            var refusals = new List<ModelArtsValidationException>
            {
                await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.GetTrainingJobAsync(V2JobId)),
                await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.StopTrainingJobAsync(V2JobId)),
                await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.DeleteTrainingJobAsync(V2JobId)),
                await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.UpdateTrainingJobDescriptionAsync(V2JobId, "d")),
                Assert.Throws<ModelArtsValidationException>(() => client.ReadJobLogPagesAsync(V2JobId, null, LogReadMode.Whole, null, null)),
            };

            Assert.All(refusals, e => Assert.Equal(ValidationErrorIds.InvalidJobId, e.ErrorId));
            Assert.All(refusals, e => Assert.Equal("JobId", e.ParameterName));
            Assert.Empty(silent.Requests);
        }

        [Theory]
        [InlineData(TrainingApi.V1, "/v1/" + TestClients.ProjectId + "/job/resource-specs", "/v1/" + TestClients.ProjectId + "/job/ai-engines")]
        [InlineData(TrainingApi.V2, "/v2/" + TestClients.ProjectId + "/training-job-flavors", "/v2/" + TestClients.ProjectId + "/training-job-engines")]
        public async Task EachSessionReadsItsOwnApisCatalogs(TrainingApi api, string flavorPath, string enginePath)
        {
            var handler = new FakeHandler(r => r.Path.Contains("resource-specs", StringComparison.Ordinal)
                ? Reply.Json(FakeModelArts.Flavors)
                : r.Path.Contains("ai-engines", StringComparison.Ordinal) ? Reply.Json(FakeModelArts.Engines) : Reply.Json("{}"));
            using var client = Client(api, handler);

            await client.GetFlavorsAsync();
            await client.GetEnginesAsync();

            Assert.Equal(new[] { "GET " + flavorPath, "GET " + enginePath }, handler.Requests.Select(r => r.Method + " " + r.Path));
        }

        [Fact]
        public async Task AJobPreparedForOneApiIsRefusedByASessionOfTheOther()
        {
            var v1Service = new FakeModelArts();
            using var v1 = TestClients.Create(v1Service.Handler, time);
            var prepared = await v1.PrepareTrainingJobAsync(Spec());
            using var v2 = Client(TrainingApi.V2);

            var e = await Assert.ThrowsAsync<ArgumentException>(() => v2.CreateTrainingJobAsync(prepared));

            Assert.Equal("job", e.ParamName);
            Assert.Empty(silent.Requests);
            Assert.Empty(v1Service.Handler.To("/training-jobs"));
        }
    }
}
