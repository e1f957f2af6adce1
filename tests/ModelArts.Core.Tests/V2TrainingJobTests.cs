using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;
using ModelArts.Core.Training;

namespace ModelArts.Core.Tests
{
    /// <summary>The v2 training API through the client, against the real local service (real HTTP, real signatures).</summary>
    public class V2TrainingJobTests
    {
        private const string Engine = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
        private const string Script = "import argparse, os\np = argparse.ArgumentParser()\np.add_argument('--data_url')\np.add_argument('--train_url')\np.add_argument('--epochs')\na, _ = p.parse_known_args()\nos.makedirs(a.train_url, exist_ok=True)\nopen(os.path.join(a.train_url, 'model.txt'), 'w').write('epochs ' + str(a.epochs) + ' ' + os.environ.get('GREETING', ''))\n";

        private static EstimatorSpec Spec(string name) => new EstimatorSpec
        {
            Name = name,
            Description = "v2 demo",
            FrameworkType = "PyTorch",
            FrameworkVersion = Engine,
            CodeDir = "obs://bkt/code/",
            BootFile = "train.py",
            Inputs = "obs://bkt/data/",
            OutputPath = "obs://bkt/out/" + name + "/",
            LogUrl = "obs://bkt/log/",
            TrainInstanceType = "modelarts.vm.cpu.8u",
            Hyperparameters = new List<Hyperparameter> { new Hyperparameter("epochs", "2"), new Hyperparameter("lr", "0.1") },
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
        };

        private static async Task<LocalService> StartAsync(bool rowOffsets = false)
        {
            var service = await LocalService.StartAsync(o => o.V2SearchOffsetIsRow = rowOffsets);
            service.PutObject("bkt/code/train.py", Script);
            service.PutObject("bkt/data/train.csv", "x,y\n1,2\n");
            return service;
        }

        private static ModelArtsClient V2Client(LocalService service) => service.Client(o => o.TrainingApi = TrainingApi.V2);

        [Fact]
        public async Task TheCreateBodyIsExactlyTheSdkShape()
        {
            await using var service = await StartAsync();
            using var client = V2Client(service);

            var prepared = await client.PrepareTrainingJobAsync(Spec("shape"));

            Assert.Equal("POST", prepared.Preview.Method);
            Assert.EndsWith("/v2/" + client.ProjectId + "/training-jobs", prepared.Preview.Uri.AbsolutePath);
            Assert.Equal(
                "{\"kind\":\"job\",\"metadata\":{\"name\":\"shape\",\"description\":\"v2 demo\"},\"algorithm\":{\"code_dir\":\"/bkt/code/\",\"boot_file\":\"/bkt/code/train.py\","
                + "\"parameters\":[{\"name\":\"epochs\",\"value\":\"2\"},{\"name\":\"lr\",\"value\":\"0.1\"}],\"inputs\":[{\"name\":\"data_url\",\"remote\":{\"obs\":{\"obs_url\":\"/bkt/data/\"}}}],"
                + "\"outputs\":[{\"name\":\"train_url\",\"remote\":{\"obs\":{\"obs_url\":\"/bkt/out/shape/\"}}}],\"engine\":{\"engine_name\":\"PyTorch\",\"engine_version\":\"" + Engine + "\"},"
                + "\"environments\":{\"GREETING\":\"hello\"}},\"spec\":{\"resource\":{\"flavor_id\":\"modelarts.vm.cpu.8u\",\"node_count\":1},\"log_export_path\":{\"obs_url\":\"/bkt/log/\"}}}",
                prepared.Preview.Body);
        }

        [Fact]
        public async Task ADatasetAndACustomImageMapToRemoteDatasetAndImageUrl()
        {
            await using var service = await StartAsync();
            using var client = V2Client(service);
            var spec = Spec("image");
            spec.FrameworkType = spec.FrameworkVersion = spec.CodeDir = spec.BootFile = spec.Inputs = null;
            spec.UserImageUrl = "swr.example/team/train:1.0";
            spec.UserCommand = "python /home/ma-user/train.py";
            spec.DatasetId = "ds-1";
            spec.DatasetVersionId = "v-1";
            spec.PoolId = "pool-1";
            spec.WorkspaceId = "ws-1";

            var body = (await client.PrepareTrainingJobAsync(spec)).Preview.Body;

            Assert.Contains("\"metadata\":{\"name\":\"image\",\"workspace_id\":\"ws-1\",", body);
            Assert.Contains("\"command\":\"python /home/ma-user/train.py\"", body);
            Assert.Contains("\"inputs\":[{\"name\":\"data_url\",\"remote\":{\"dataset\":{\"id\":\"ds-1\",\"version_id\":\"v-1\"}}}]", body);
            Assert.Contains("\"engine\":{\"image_url\":\"swr.example/team/train:1.0\"}", body);
            Assert.Contains("\"resource\":{\"flavor_id\":\"modelarts.vm.cpu.8u\",\"node_count\":1,\"pool_id\":\"pool-1\"}", body);
        }

        [Theory]
        [InlineData("unknown engine version", ValidationErrorIds.UnknownFramework)]
        [InlineData("count over the flavor's max", ValidationErrorIds.TrainInstanceCountExceedsMaxNodes)]
        [InlineData("refused variable name", ValidationErrorIds.InvalidEnvironment)]
        [InlineData("variable set by ModelArts", ValidationErrorIds.InvalidEnvironment)]
        [InlineData("more than 100 variables", ValidationErrorIds.TooManyEnvironments)]
        [InlineData("dataset without version", ValidationErrorIds.DatasetVersionRequired)]
        public async Task BadInputIsRefusedBeforeAnyJobCallIsSent(string @case, string errorId)
        {
            await using var service = await StartAsync();
            using var client = V2Client(service);
            await client.GetFlavorsAsync();
            await client.GetEnginesAsync();
            var spec = Spec("bad");
            switch (@case)
            {
                case "unknown engine version": spec.FrameworkVersion = "PyTorch-1.0.0-python3.6"; break;
                case "count over the flavor's max": spec.TrainInstanceType = "modelarts.vm.cpu.2u"; spec.TrainInstanceCount = 2; break;
                case "refused variable name": spec.Environment = new Dictionary<string, string> { ["1BAD"] = "x" }; break;
                case "variable set by ModelArts": spec.Environment = new Dictionary<string, string> { ["MA_HOME"] = "x" }; break;
                case "more than 100 variables": spec.Environment = Enumerable.Range(0, 101).ToDictionary(i => "V" + i, i => "x"); break;
                case "dataset without version": spec.Inputs = null; spec.DatasetId = "ds-1"; break;
            }

            var calls = service.ApiCallCount();
            var e = await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.PrepareTrainingJobAsync(spec));

            Assert.Equal(errorId, e.ErrorId);
            Assert.Equal(calls, service.ApiCallCount());
            if (@case == "unknown engine version")
            {
                Assert.Contains(Engine, e.Message);
            }
        }

        [Fact]
        public async Task AJobIsCreatedWaitedForReadChangedAndRemoved()
        {
            await using var service = await StartAsync();
            using var client = V2Client(service);

            var created = await client.CreateTrainingJobAsync(await client.PrepareTrainingJobAsync(Spec("life")));
            Assert.True(Guid.TryParse(created.JobId, out _), created.JobId);
            Assert.Equal(0, created.VersionId);

            TrainingJob? ended = null;
            await foreach (var update in client.WaitForTrainingJobsAsync(new[] { (created.JobId, (long?)null) }, TimeSpan.FromMinutes(3)))
            {
                if (update.Kind == TrainingJobWaitUpdateKind.Ended)
                {
                    ended = update.Job;
                }
            }

            Assert.NotNull(ended);
            Assert.Equal("Completed", ended!.Phase);
            Assert.Equal(new[] { "worker-0" }, ended.Tasks);
            Assert.Equal(0, ended.ExitCode);
            Assert.Null(ended.FailureReason);
            Assert.Equal("modelarts.vm.cpu.8u", ended.FlavorCode);
            Assert.Equal(Engine, ended.FrameworkVersion);
            Assert.Equal("/bkt/out/life/", ended.OutputPath);
            Assert.Equal("epochs 2 hello", File.ReadAllText(Path.Combine(service.ObsRoot, "bkt", "out", "life", "model.txt")));

            await client.UpdateTrainingJobDescriptionAsync(created.JobId, "changed");
            Assert.Equal("changed", (await client.GetTrainingJobAsync(created.JobId)).Description);

            await client.DeleteTrainingJobAsync(created.JobId);
            var gone = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetTrainingJobAsync(created.JobId));
            Assert.Equal(ModelArtsErrorKind.NotFound, gone.Kind);
            Assert.Equal("ModelArts.2775", gone.ErrorCode);
        }

        [Fact]
        public async Task AFailedJobsExitCodeAndReasonAreTheFirstFailingTasks()
        {
            await using var service = await StartAsync();
            service.PutObject("bkt/code/fail.py", "import os, sys\nsys.exit(3 if os.environ['VC_TASK_INDEX'] == '1' else 0)\n");
            using var client = V2Client(service);
            var spec = Spec("fails");
            spec.BootFile = "fail.py";
            spec.TrainInstanceCount = 2;
            var job = await client.CreateTrainingJobAsync(await client.PrepareTrainingJobAsync(spec));

            TrainingJob? ended = null;
            await foreach (var update in client.WaitForTrainingJobsAsync(new[] { (job.JobId, (long?)null) }, TimeSpan.FromMinutes(3)))
            {
                ended = update.Kind == TrainingJobWaitUpdateKind.Ended ? update.Job : ended;
            }

            Assert.NotNull(ended);
            Assert.Equal("Failed", ended!.Phase);
            // Worker 0 exited 0 and comes first; the job's code is worker 1's.
            Assert.Equal(3, ended.ExitCode);
            Assert.Equal("worker 1 exited with code 3.", ended.FailureReason);
        }

        [Fact]
        public async Task ARunningJobIsTerminated()
        {
            await using var service = await StartAsync();
            service.PutObject("bkt/code/slow.py", "import time\ntime.sleep(120)\n");
            using var client = V2Client(service);
            var spec = Spec("slow");
            spec.BootFile = "slow.py";
            var job = await client.CreateTrainingJobAsync(await client.PrepareTrainingJobAsync(spec));

            await client.StopTrainingJobAsync(job.JobId);

            var final = JobStatus.Unknown;
            await foreach (var update in client.WaitForTrainingJobsAsync(new[] { (job.JobId, (long?)null) }, TimeSpan.FromMinutes(2)))
            {
                final = update.Job?.StatusCode ?? final;
            }

            Assert.Equal("Terminated", final.Phase());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task TheSearchListsEveryJobOnceUnderEitherOffsetReading(bool rowOffsets)
        {
            await using var service = await StartAsync(rowOffsets);
            using var client = V2Client(service);
            var ids = new List<string>();
            for (var i = 0; i < 7; i++)
            {
                ids.Add((await client.CreateTrainingJobAsync(await client.PrepareTrainingJobAsync(Spec("listed-" + i)))).JobId);
            }

            var listed = await client.ListTrainingJobsAsync(new TrainingJobQuery { PageSize = 3 }).Select(j => j.JobId).ToListAsync();

            Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), listed.OrderBy(i => i, StringComparer.Ordinal));
            var named = await client.ListTrainingJobsAsync(new TrainingJobQuery { PageSize = 2, SearchContent = "listed-3" }).Select(j => j.Name).ToListAsync();
            Assert.Equal(new[] { "listed-3" }, named);
        }

        [Fact]
        public async Task VersionsAndV1IdsAreRefusedOnV2BeforeSending()
        {
            await using var service = await StartAsync();
            using var client = V2Client(service);
            var calls = service.ApiCallCount();

            var versions = Assert.Throws<ModelArtsValidationException>(() => client.EnsureV1("New-MaTrainingJobVersion"));
            var version = await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.GetTrainingJobAsync(Guid.NewGuid().ToString(), 3));

            Assert.Equal(ValidationErrorIds.NotInTrainingApi, versions.ErrorId);
            Assert.Equal(ValidationErrorIds.NotInTrainingApi, version.ErrorId);
            Assert.Equal(calls, service.ApiCallCount());
        }
    }
}
