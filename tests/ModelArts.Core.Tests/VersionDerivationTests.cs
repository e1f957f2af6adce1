using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    /// <summary>A new version from a previous one: what is kept, what the changes replace, and the body sent.</summary>
    public class VersionDerivationTests
    {
        private readonly FakeTime _time = new FakeTime();
        private readonly FakeModelArts _service = new FakeModelArts();

        private static TrainingJob Previous(string? dataUrl = "/bucket/data/", string? datasetId = null) => new TrainingJob
        {
            JobId = "7",
            VersionId = 70,
            Name = "mnist",
            Description = "first",
            FrameworkType = "TensorFlow",
            FrameworkVersion = "TF-1.8.0-python3.6",
            CodeDir = "/bucket/code/",
            BootFile = "/bucket/code/train.py",
            OutputPath = "/bucket/out/",
            LogUrl = "/bucket/log/",
            FlavorCode = "modelarts.vm.cpu.8u",
            WorkerCount = 2,
            DataUrl = dataUrl,
            DatasetId = datasetId,
            DatasetVersionId = datasetId == null ? null : "v1",
            Hyperparameters = new ReadableList<Hyperparameter>(new[] { new Hyperparameter("lr", "0.1") }),
        };

        private async Task<CreateTrainingJobVersionRequest> Resolve(TrainingJob previous, TrainingJobVersionChanges changes)
        {
            using var client = TestClients.Create(_service.Handler, _time);
            return await client.ResolveVersionAsync(previous, changes);
        }

        [Fact]
        public async Task NoChangesKeepTheCodeFrameworkFlavorDataAndHyperparameters()
        {
            var request = await Resolve(Previous(), new TrainingJobVersionChanges());

            Assert.Equal(70, request.Config.PreVersionId);
            Assert.Equal("first", request.JobDescription);
            Assert.Equal("/bucket/code/", request.Config.AppUrl);
            Assert.Equal("/bucket/code/train.py", request.Config.BootFileUrl);
            Assert.Equal("/bucket/data/", request.Config.DataUrl);
            Assert.Equal("/bucket/out/", request.Config.TrainUrl);
            Assert.Equal(4, request.Config.EngineId);
            Assert.Equal(27, request.Config.SpecId);
            Assert.Equal(2, request.Config.WorkerServerNum);
            Assert.Equal(new[] { "lr=0.1" }, request.Config.Parameter.Select(p => p.ToString()));
        }

        [Fact]
        public async Task ChangesReplaceWhatTheyName()
        {
            var request = await Resolve(Previous(), new TrainingJobVersionChanges
            {
                Description = "second",
                OutputPath = "/bucket/out2/",
                TrainInstanceCount = 1,
                Hyperparameters = new List<Hyperparameter> { new Hyperparameter("lr", "0.2"), new Hyperparameter("epochs", "3") },
            });

            Assert.Equal("second", request.JobDescription);
            Assert.Equal("/bucket/out2/", request.Config.TrainUrl);
            Assert.Equal(1, request.Config.WorkerServerNum);
            Assert.Equal(new[] { "lr=0.2", "epochs=3" }, request.Config.Parameter.Select(p => p.ToString()));
        }

        [Fact]
        public async Task AVersionOfADatasetJobKeepsTheDataset()
        {
            var request = await Resolve(Previous(dataUrl: null, datasetId: "ds-1"), new TrainingJobVersionChanges());

            Assert.Null(request.Config.DataUrl);
            Assert.Equal("ds-1", request.Config.DatasetId);
            Assert.Equal("v1", request.Config.DatasetVersionId);
        }

        [Fact]
        public async Task NewOBSDataReplacesAPreviousDataset()
        {
            var request = await Resolve(Previous(dataUrl: null, datasetId: "ds-1"), new TrainingJobVersionChanges { Inputs = "obs://bucket/data2" });

            Assert.Equal("/bucket/data2/", request.Config.DataUrl);
            Assert.Null(request.Config.DatasetId);
        }

        [Fact]
        public async Task ADatasetReplacesPreviousOBSData()
        {
            var request = await Resolve(Previous(), new TrainingJobVersionChanges { DatasetId = "ds-2", DatasetVersionId = "v9" });

            Assert.Null(request.Config.DataUrl);
            Assert.Equal("ds-2", request.Config.DatasetId);
            Assert.Equal("v9", request.Config.DatasetVersionId);
        }

        [Fact]
        public async Task AChangeThatBreaksARuleIsRefusedBeforeAnythingIsSent()
        {
            var e = await Assert.ThrowsAsync<ModelArtsValidationException>(() => Resolve(Previous(), new TrainingJobVersionChanges { Description = new string('d', 257) }));

            Assert.Equal("DescriptionTooLong", e.ErrorId);
            Assert.Empty(_service.Handler.To("/training-jobs"));
        }
    }
}
