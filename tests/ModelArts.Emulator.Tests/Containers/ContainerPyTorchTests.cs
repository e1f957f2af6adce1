using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Containers
{
    /// <summary>examples/pytorch-ddp unchanged in a custom image: two containers rendezvous at tcp://$BATCH_CUSTOM0_HOSTS by host name.</summary>
    public sealed class ContainerPyTorchTests : IAsyncLifetime
    {
        private const string ImageUrl = "swr.eu-de.otc.t-systems.com/team/pytorch:1.13";

        private TestService _service = null!;

        public async Task InitializeAsync() =>
            _service = await TestService.StartAsync(o => o.ImageMap = new Dictionary<string, string> { [ImageUrl] = TorchImage.Name });

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [TorchContainerFact]
        public async Task TwoContainersTrainInOneProcessGroup()
        {
            _service.PutObject("test-bucket/ddp_image/code/train.py", File.ReadAllText(PyTorchJobTests.Example("code/train.py")));
            var body = ContainerJobTests.Body("ddp_image", "python3 /home/work/user-job-dir/code/train.py --train_url=/home/work/output --epochs=3", workers: 2);
            var config = (Dictionary<string, object?>)body["config"]!;
            config["user_image_url"] = ImageUrl;
            config["app_url"] = "/test-bucket/ddp_image/code/";
            Directory.CreateDirectory(_service.ObsPath("test-bucket/data"));
            var created = await _service.PostAsync("/training-jobs", body);
            Assert.True(created.Status == HttpStatusCode.OK, created.Body.ToString());
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            var detail = await _service.WaitForEndAsync(job, version, timeoutSeconds: 300);
            var logs = new[] { await _service.WholeLogAsync(job, version, "job-ddp-image.0"), await _service.WholeLogAsync(job, version, "job-ddp-image.1") };
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 10, string.Join("\n", logs));
            Assert.Contains($"rank 0 of world size 2 (init tcp://job{job}-worker-0:29500)", logs[0]);
            Assert.Contains($"rank 1 of world size 2 (init tcp://job{job}-worker-0:29500)", logs[1]);
            PyTorchJobTests.AssertOneProcessGroup(logs, epochs: 3);
            Assert.True(new FileInfo(_service.ObsPath("test-bucket/ddp_image/output/model.pt")).Length > 0);
            Assert.Empty(TestImage.Containers(_service.DataRoot, version));
        }
    }
}
