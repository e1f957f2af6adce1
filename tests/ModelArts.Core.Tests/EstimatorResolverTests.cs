using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    public class EstimatorResolverTests
    {
        private readonly FakeTime time = new FakeTime();
        private readonly FakeModelArts service = new FakeModelArts();

        private static EstimatorSpec Spec() => new EstimatorSpec
        {
            Name = "mnist",
            Description = "digits",
            FrameworkType = "tensorflow",
            FrameworkVersion = "tf-1.8.0-PYTHON3.6",
            CodeDir = "obs://bucket/code",
            BootFile = "train.py",
            OutputPath = "s3://bucket/out",
            LogUrl = "/bucket/log",
            Inputs = "obs://bucket/data/",
            TrainInstanceType = "modelarts.vm.cpu.8u",
            TrainInstanceCount = 2,
            Hyperparameters = new List<Hyperparameter> { new Hyperparameter("max_steps", "100"), new Hyperparameter("batch", "32"), new Hyperparameter("alpha", "0.5") },
        };

        private async Task<CreateTrainingJobRequest> Resolve(EstimatorSpec spec)
        {
            using var client = TestClients.Create(service.Handler, time);
            return await client.ResolveAsync(spec);
        }

        private async Task<ModelArtsValidationException> Refused(EstimatorSpec spec, string errorId)
        {
            var e = await Assert.ThrowsAsync<ModelArtsValidationException>(() => Resolve(spec));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Empty(service.Handler.To("/training-jobs"));
            return e;
        }

        [Fact]
        public async Task AFrameworkJobResolvesToTheV1Body()
        {
            var request = await Resolve(Spec());

            Assert.Equal(
                "{\"job_name\":\"mnist\",\"job_desc\":\"digits\",\"config\":{\"worker_server_num\":2,\"app_url\":\"/bucket/code/\",\"boot_file_url\":\"/bucket/code/train.py\","
                + "\"parameter\":[{\"label\":\"max_steps\",\"value\":\"100\"},{\"label\":\"batch\",\"value\":\"32\"},{\"label\":\"alpha\",\"value\":\"0.5\"}],"
                + "\"data_url\":\"/bucket/data/\",\"spec_id\":27,\"flavor\":{\"code\":\"modelarts.vm.cpu.8u\"},\"engine_id\":4,\"train_url\":\"/bucket/out/\",\"log_url\":\"/bucket/log/\"}}",
                request.ToJson());
        }

        [Fact]
        public async Task CatalogsAreFetchedOnceForRepeatedResolves()
        {
            using var client = TestClients.Create(service.Handler, time);
            await client.ResolveAsync(Spec());
            await client.ResolveAsync(Spec());

            Assert.Single(service.Handler.To("resource-specs"));
            Assert.Single(service.Handler.To("ai-engines"));
        }

        [Fact]
        public async Task ANameIsGeneratedWhenNoneIsGiven()
        {
            var spec = Spec();
            spec.Name = null;

            var request = await Resolve(spec);

            Assert.Matches("^job-\\d{8}-\\d{6}-[0-9a-f]{4}$", request.JobName);
        }

        [Theory]
        [InlineData("obs://bucket/code/sub/train.py", "/bucket/code/sub/train.py")]
        [InlineData("/bucket/code/train.py", "/bucket/code/train.py")]
        [InlineData("sub/train.py", "/bucket/code/sub/train.py")]
        public async Task BootFileIsTakenUnderTheCodeDir(string bootFile, string expected)
        {
            var spec = Spec();
            spec.BootFile = bootFile;

            Assert.Equal(expected, (await Resolve(spec)).Config.BootFileUrl);
        }

        [Fact]
        public async Task ABootFileOutsideTheCodeDirIsRefused()
        {
            var spec = Spec();
            spec.BootFile = "obs://bucket/other/train.py";
            await Refused(spec, "BootFileOutsideCodeDir");
        }

        [Fact]
        public async Task ABootFileInASiblingDirWithTheSamePrefixIsRefused()
        {
            var spec = Spec();
            spec.BootFile = "/bucket/code2/train.py";
            await Refused(spec, "BootFileOutsideCodeDir");
        }

        [Fact]
        public async Task AnUnknownFlavorListsTheValidCodes()
        {
            var spec = Spec();
            spec.TrainInstanceType = "modelarts.vm.cpu.64u";

            var e = await Refused(spec, "UnknownTrainInstanceType");

            Assert.Contains("modelarts.vm.cpu.2u, modelarts.vm.cpu.8u, modelarts.vm.gpu.v100NV", e.Message);
            Assert.Equal("TrainInstanceType", e.ParameterName);
        }

        [Fact]
        public async Task MoreWorkersThanTheFlavorAllowsAreRefused()
        {
            var spec = Spec();
            spec.TrainInstanceCount = 5;
            var e = await Refused(spec, "TrainInstanceCountExceedsMaxNodes");
            Assert.Contains("4", e.Message);

            spec.TrainInstanceCount = 4;
            Assert.Equal(4, (await Resolve(spec)).Config.WorkerServerNum);
        }

        [Fact]
        public async Task ZeroWorkersAreRefused()
        {
            var spec = Spec();
            spec.TrainInstanceCount = 0;
            await Refused(spec, "InvalidTrainInstanceCount");
        }

        [Fact]
        public async Task AnUnknownFrameworkVersionListsThatFrameworksVersions()
        {
            var spec = Spec();
            spec.FrameworkVersion = "TF-2.1.0-python3.6";

            var e = await Refused(spec, "UnknownFramework");

            Assert.Contains("TF-1.8.0-python2.7, TF-1.8.0-python3.6", e.Message);
            Assert.DoesNotContain("PyTorch", e.Message);
        }

        [Fact]
        public async Task AnUnknownFrameworkListsAllPairs()
        {
            var spec = Spec();
            spec.FrameworkType = "MXNet";

            var e = await Refused(spec, "UnknownFramework");

            Assert.Contains("PyTorch PyTorch-1.0.0-python3.6", e.Message);
        }

        [Fact]
        public async Task AMissingFrameworkIsRefused()
        {
            var spec = Spec();
            spec.FrameworkVersion = null;
            await Refused(spec, "MissingFramework");
        }

        [Fact]
        public async Task ACustomImageJobSendsNoEngineOrCode()
        {
            var spec = Spec();
            spec.FrameworkType = spec.FrameworkVersion = spec.CodeDir = spec.BootFile = null;
            spec.UserImageUrl = "swr.eu-de.otc.t-systems.com/team/train:1.0";
            spec.UserCommand = "bash /home/work/run_train.sh";

            var config = (await Resolve(spec)).Config;

            Assert.Null(config.EngineId);
            Assert.Null(config.AppUrl);
            Assert.Null(config.BootFileUrl);
            Assert.Equal("swr.eu-de.otc.t-systems.com/team/train:1.0", config.UserImageUrl);
            Assert.Equal("bash /home/work/run_train.sh", config.UserCommand);
        }

        [Fact]
        public async Task ACustomImageWithAFrameworkIsRefused()
        {
            var spec = Spec();
            spec.UserImageUrl = "swr/x:1";
            spec.UserCommand = "run";
            await Refused(spec, "FrameworkWithCustomImage");
        }

        [Fact]
        public async Task ACustomImageWithCodeIsRefused()
        {
            var spec = Spec();
            spec.FrameworkType = spec.FrameworkVersion = null;
            spec.UserImageUrl = "swr/x:1";
            spec.UserCommand = "run";
            await Refused(spec, "CodeWithCustomImage");
        }

        [Fact]
        public async Task ACustomImageWithoutCommandIsRefused()
        {
            var spec = Spec();
            spec.FrameworkType = spec.FrameworkVersion = spec.CodeDir = spec.BootFile = null;
            spec.UserImageUrl = "swr/x:1";
            await Refused(spec, "MissingUserCommand");
        }

        [Fact]
        public async Task AUserCommandWithoutImageIsRefused()
        {
            var spec = Spec();
            spec.UserCommand = "run";
            await Refused(spec, "MissingUserImageUrl");
        }

        [Fact]
        public async Task ADatasetJobCarriesBothDatasetIds()
        {
            var spec = Spec();
            spec.Inputs = null;
            spec.DatasetId = "ds-1";
            spec.DatasetVersionId = "dsv-2";

            var config = (await Resolve(spec)).Config;

            Assert.Equal("ds-1", config.DatasetId);
            Assert.Equal("dsv-2", config.DatasetVersionId);
            Assert.Null(config.DataUrl);
        }

        [Fact]
        public async Task InputsAndADatasetTogetherAreRefused()
        {
            var spec = Spec();
            spec.DatasetId = "ds-1";
            spec.DatasetVersionId = "dsv-2";
            await Refused(spec, "ConflictingDataSources");
        }

        [Fact]
        public async Task ADatasetWithoutVersionIsRefused()
        {
            var spec = Spec();
            spec.Inputs = null;
            spec.DatasetId = "ds-1";
            await Refused(spec, "DatasetVersionRequired");
        }

        [Fact]
        public async Task ADatasetVersionWithoutDatasetIsRefused()
        {
            var spec = Spec();
            spec.Inputs = null;
            spec.DatasetVersionId = "dsv-1";
            await Refused(spec, "DatasetVersionRequired");
        }

        [Fact]
        public async Task NoDataIsRefused()
        {
            var spec = Spec();
            spec.Inputs = null;
            await Refused(spec, "MissingDataSource");
        }

        [Fact]
        public async Task MissingCodeDirIsRefused()
        {
            var spec = Spec();
            spec.CodeDir = null;
            await Refused(spec, "MissingCodeDir");
        }

        [Fact]
        public async Task MissingBootFileIsRefused()
        {
            var spec = Spec();
            spec.BootFile = " ";
            await Refused(spec, "MissingBootFile");
        }

        [Fact]
        public async Task MissingOutputPathIsRefused()
        {
            var spec = Spec();
            spec.OutputPath = null;
            await Refused(spec, "MissingOutputPath");
        }

        [Fact]
        public async Task AMissingFlavorIsRefused()
        {
            var spec = Spec();
            spec.TrainInstanceType = null;

            await Refused(spec, "MissingTrainInstanceType");
        }

        [Theory]
        [InlineData("bad name")]
        [InlineData("naïve")]
        [InlineData("x/y")]
        public async Task InvalidJobNamesAreRefused(string name)
        {
            var spec = Spec();
            spec.Name = name;
            await Refused(spec, "InvalidJobName");
        }

        [Fact]
        public async Task ASixtyFiveCharacterNameIsRefused()
        {
            var spec = Spec();
            spec.Name = new string('a', 65);
            await Refused(spec, "InvalidJobName");
            spec.Name = new string('a', 64);
            await Resolve(spec);
        }

        [Fact]
        public async Task ALongDescriptionIsRefused()
        {
            var spec = Spec();
            spec.Description = new string('d', 257);
            await Refused(spec, "DescriptionTooLong");
        }

        [Theory]
        [InlineData("")]
        [InlineData("max steps")]
        [InlineData("a=b")]
        public async Task InvalidHyperparameterNamesAreRefused(string label)
        {
            var spec = Spec();
            spec.Hyperparameters.Add(new Hyperparameter(label, "1"));
            await Refused(spec, "InvalidHyperparameter");
        }

        [Fact]
        public async Task ARepeatedHyperparameterIsRefused()
        {
            var spec = Spec();
            spec.Hyperparameters.Add(new Hyperparameter("batch", "64"));
            await Refused(spec, "InvalidHyperparameter");
        }

        [Theory]
        [InlineData("CodeDir", "bucket/code")]
        [InlineData("OutputPath", "http://bucket/out")]
        [InlineData("Inputs", "obs://B/data")]
        [InlineData("LogUrl", "/bucket/../etc")]
        public async Task InvalidObsPathsNameTheParameter(string parameter, string value)
        {
            var spec = Spec();
            typeof(EstimatorSpec).GetProperty(parameter)!.SetValue(spec, value);

            var e = await Refused(spec, "InvalidObsPath");

            Assert.Equal(parameter, e.ParameterName);
        }

        [Fact]
        public async Task ResolveSendsNoCreate()
        {
            await Resolve(Spec());
            Assert.True(service.Handler.Requests.All(r => r.Method == "GET"));
        }
    }
}
