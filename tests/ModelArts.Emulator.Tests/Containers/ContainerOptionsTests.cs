using System.Collections.Generic;
using System.IO;
using ModelArts.Emulator.Options;

namespace ModelArts.Emulator.Tests.Containers
{
    /// <summary>The options of custom images and engine interpreters, from the command line and the config file.</summary>
    public sealed class ContainerOptionsTests
    {
        private static readonly KeyValuePair<string, string>[] NoEnvironment = new KeyValuePair<string, string>[0];

        [Fact]
        public void MapsComeAsPairsAndTheLastPairForAKeyWins()
        {
            var options = OptionsLoader.Load(new[]
            {
                "--image-map", "swr.eu-de.otc.t-systems.com/team/train:1.0=localhost/train:1; swr.example/a:2=a:2 ;swr.example/a:2=a:3",
                "--engine-python=pytorch=/usr/bin/python3",
                "--pull-images",
            }, NoEnvironment)!;
            Assert.Equal("localhost/train:1", options.ImageMap["swr.eu-de.otc.t-systems.com/team/train:1.0"]);
            Assert.Equal("a:3", options.ImageMap["swr.example/a:2"]);
            Assert.Equal("/usr/bin/python3", options.EnginePython["PyTorch"]); // engine names are matched without case
            Assert.True(options.PullImages);
        }

        [Fact]
        public void TheConfigFileTakesTheSameStrings()
        {
            var config = Path.Combine(TestService.NewDirectory(), "config.json");
            File.WriteAllText(config, "{\"image_map\":\"swr.example/a:2=local/a:2\",\"engine-python\":\"PyTorch-1.4.0-python3.6=/opt/torch/bin/python\",\"pull_images\":false}");
            var options = OptionsLoader.Load(new[] { "--config", config }, NoEnvironment)!;
            Assert.Equal("local/a:2", options.ImageMap["swr.example/a:2"]);
            Assert.Equal("/opt/torch/bin/python", options.EnginePython["PyTorch-1.4.0-python3.6"]);
            Assert.False(options.PullImages);
        }

        [Theory]
        [InlineData("--image-map", "swr.example/a:2")]
        [InlineData("--image-map", "=local/a:2")]
        [InlineData("--engine-python", "PyTorch=")]
        public void APairWithoutKeyOrValueIsRefused(string option, string value)
        {
            var e = Assert.Throws<OptionsException>(() => OptionsLoader.Load(new[] { option, value }, NoEnvironment));
            Assert.Contains("is not KEY=VALUE", e.Message);
            Assert.Contains(option, e.Message);
        }
    }
}
