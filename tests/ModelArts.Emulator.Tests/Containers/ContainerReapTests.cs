using System;
using System.IO;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Containers
{
    /// <summary>The built service killed with SIGKILL while containers run: the next start on the same data root removes them.</summary>
    public sealed class ContainerReapTests : IDisposable
    {
        private readonly string _root = TestService.NewDirectory();

        public void Dispose() => Directory.Delete(_root, recursive: true);

        [ContainerFact]
        public async Task ContainersLeftByAKilledServiceAreRemovedOnRestart()
        {
            Directory.CreateDirectory(Path.Combine(_root, "obs", "test-bucket", "image", "code"));
            Directory.CreateDirectory(Path.Combine(_root, "obs", "test-bucket", "data"));
            var imageMap = new[] { "--image-map", ContainerJobTests.ImageUrl + "=" + TestImage.Name };
            string token;
            long job, version;
            using (var first = await RestartTests.ServiceProcess.StartAsync(_root, imageMap))
            {
                token = await first.TokenAsync();
                (job, version) = await first.CreateAsync(token, ContainerJobTests.Body("reaped", "echo started; sleep 300", workers: 2));
                await first.WaitAsync(token, job, version, s => s == 8);
                var deadline = DateTime.UtcNow.AddSeconds(60);
                // The workers' run clients start one after the other, but either container may come up first.
                while (!(await first.LogAsync(token, job, version, "job-reaped.0")).Contains("started\n")
                    || !(await first.LogAsync(token, job, version, "job-reaped.1")).Contains("started\n"))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the containers did not start");
                    await Task.Delay(100);
                }
                first.Process.Kill(); // SIGKILL: no shutdown code runs
                first.Process.WaitForExit();
            }
            try
            {
                Assert.Equal(2, TestImage.Containers(_root, version).Count); // the engine keeps them running without the service
                using var second = await RestartTests.ServiceProcess.StartAsync(_root, imageMap);
                Assert.Equal(14, await second.StatusAsync(token, job, version));
                Assert.Empty(TestImage.Containers(_root, version));
                Assert.Empty(TestImage.Networks(_root, version));
                Assert.Contains("the job is lost", await second.LogAsync(token, job, version, "job-reaped.0"));
            }
            finally
            {
                foreach (var container in TestImage.Containers(_root, version))
                {
                    TestImage.Runtime.Call("rm", "-f", container);
                }
            }
        }
    }
}
