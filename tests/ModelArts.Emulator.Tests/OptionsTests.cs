using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Emulator.Options;

namespace ModelArts.Emulator.Tests
{
    /// <summary>Options from the command line, the environment and a config file, in that order of precedence.</summary>
    public sealed class OptionsTests
    {
        private static readonly KeyValuePair<string, string>[] NoEnvironment = new KeyValuePair<string, string>[0];

        [Fact]
        public void DefaultsAreTheDocumentedOnes()
        {
            var options = OptionsLoader.Load(new string[0], NoEnvironment)!;
            Assert.Equal("http://127.0.0.1:8443", options.Urls);
            Assert.Equal(EmulatorOptions.DefaultAccessKey, options.AccessKey);
            Assert.Equal("0f1e2d3c4b5a69788796a5b4c3d2e1f0", options.ProjectId);
            Assert.Equal("local-1", options.ProjectName);
            Assert.Equal(2, options.MaxRunningJobs);
            Assert.Equal("python3", options.Python);
            Assert.True(options.Faults.IsOff);
        }

        [Fact]
        public void CommandLineBeatsEnvironmentBeatsConfigFile()
        {
            var config = Path.Combine(TestService.NewDirectory(), "config.json");
            File.WriteAllText(config, "{\"max-running-jobs\":3,\"python\":\"from-config\",\"access_key\":\"CONFIGKEY\",\"run-images-on-host\":true,\"fault-error-rate\":0.25}");
            var environment = new Dictionary<string, string>
            {
                ["MODELARTS_LOCAL_PYTHON"] = "from-env",
                ["MODELARTS_LOCAL_ACCESS_KEY"] = "ENVKEY",
                ["MODELARTS_LOCAL_CONFIG"] = config,
                ["UNRELATED"] = "x",
            };
            var options = OptionsLoader.Load(new[] { "--access-key", "CLIKEY", "--fault-seed=9", "--allow-remote" }, environment)!;
            Assert.Equal(3, options.MaxRunningJobs);
            Assert.Equal("from-env", options.Python);
            Assert.Equal("CLIKEY", options.AccessKey);
            Assert.True(options.RunImagesOnHost);
            Assert.True(options.AllowRemote);
            Assert.Equal(0.25, options.Faults.ErrorRate);
            Assert.Equal(9, options.Faults.Seed);
        }

        [Theory]
        [InlineData("--no-such-option", "1")]
        [InlineData("--max-running-jobs", "0")]
        [InlineData("--max-running-jobs", "many")]
        [InlineData("--fault-error-rate", "2")]
        [InlineData("--log-level", "Loud")]
        [InlineData("stray", "x")]
        public void BadOptionsAreRefused(string name, string value)
        {
            Assert.Throws<OptionsException>(() => OptionsLoader.Load(new[] { name, value }, NoEnvironment));
        }

        [Fact]
        public async Task AnUnreadableCertificateIsAnOptionsErrorBeforeAnythingListens()
        {
            var missing = Path.Combine(TestService.NewDirectory(), "missing.crt.pem");
            var options = OptionsLoader.Load(new[] { "--urls", "https://127.0.0.1:0", "--certificate", missing, "--data-root", TestService.NewDirectory() }, NoEnvironment)!;

            var e = await Assert.ThrowsAsync<OptionsException>(() => EmulatorApp.StartAsync(options));

            Assert.StartsWith("--certificate " + missing + ":", e.Message);
        }

        [Fact]
        public void HelpReturnsNull() => Assert.Null(OptionsLoader.Load(new[] { "--help" }, NoEnvironment));

        [Fact]
        public async Task TheCatalogComesFromTheConfigFile()
        {
            var config = Path.Combine(TestService.NewDirectory(), "config.json");
            File.WriteAllText(config, "{\"flavors\":[{\"spec_id\":900,\"spec_code\":\"custom.cpu\",\"core\":\"1\",\"cpu\":\"2\",\"max_num\":3}]," +
                "\"engines\":[{\"engine_type\":10,\"engine_name\":\"PyTorch\",\"engine_id\":901,\"engine_version\":\"PyTorch-2.0-python3.11\"}]}");
            var options = OptionsLoader.Load(new[] { "--config", config }, NoEnvironment)!;
            await using var service = await TestService.StartAsync(o =>
            {
                o.Flavors = options.Flavors;
                o.Engines = options.Engines;
            });
            var specs = (await service.GetAsync("/job/resource-specs")).Body.GetProperty("specs");
            Assert.Equal(900, specs.EnumerateArray().Single().GetProperty("spec_id").GetInt64());
            var engines = (await service.GetAsync("/job/ai-engines")).Body.GetProperty("engines");
            Assert.Equal("PyTorch-2.0-python3.11", engines[0].GetProperty("engine_version").GetString());
        }

        [Fact]
        public void BrokenConfigFileIsRefused()
        {
            var config = Path.Combine(TestService.NewDirectory(), "config.json");
            File.WriteAllText(config, "{\"flavors\": 12}");
            Assert.Throws<OptionsException>(() => OptionsLoader.Load(new[] { "--config", config }, NoEnvironment));
            Assert.Throws<OptionsException>(() => OptionsLoader.Load(new[] { "--config", config + ".missing" }, NoEnvironment));
        }

        [Fact]
        public async Task NonLoopbackNeedsAllowRemote()
        {
            await Assert.ThrowsAsync<OptionsException>(() => TestService.StartAsync(o => o.Urls = "http://0.0.0.0:0"));
            await Assert.ThrowsAsync<OptionsException>(() => TestService.StartAsync(o => o.Urls = "http://127.0.0.1:0;http://*:0"));
            await using var local = await TestService.StartAsync(o => o.Urls = "http://127.0.0.1:0");
            Assert.StartsWith("http://127.0.0.1:", local.BaseUrl);
        }
    }
}
