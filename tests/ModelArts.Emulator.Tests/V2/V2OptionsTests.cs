using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelArts.Emulator.Options;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary>The v2 options: the catalog from the config file, and the v2 switches from the command line.</summary>
    public sealed class V2OptionsTests
    {
        private static readonly KeyValuePair<string, string>[] NoEnvironment = Array.Empty<KeyValuePair<string, string>>();

        [Fact]
        public async Task TheConfigFileCanReplaceTheV2Catalog()
        {
            var config = Path.Combine(TestService.NewDirectory(), "config.json");
            File.WriteAllText(config, "{\"v2_flavors\":[{\"flavor_id\":\"local.cpu.4u\",\"flavor_name\":\"Local 4U\",\"flavor_type\":\"CPU\",\"max_num\":3," +
                "\"core_num\":4,\"memory_gb\":16,\"disk_gb\":20}]," +
                "\"v2_engines\":[{\"engine_id\":\"local_py\",\"engine_name\":\"Local\",\"engine_version\":\"local_py\",\"v1_compatible\":false," +
                "\"run_user\":\"1000\",\"image_url\":\"local/py:1\",\"image_version\":\"1\",\"local_interpreter\":\"/bin/cat\"}]}");
            var loaded = OptionsLoader.Load(new[] { "--config", config }, NoEnvironment)!;
            await using var service = await TestService.StartAsync(o =>
            {
                o.V2Flavors = loaded.V2Flavors;
                o.V2Engines = loaded.V2Engines;
            });
            var api = new V2Api(service);
            var flavors = (await api.GetAsync("/training-job-flavors")).Body.GetProperty("flavors").EnumerateArray().ToList();
            Assert.Equal("local.cpu.4u", Assert.Single(flavors).GetProperty("flavor_id").GetString());
            Assert.Equal(4, flavors[0].GetProperty("flavor_info").GetProperty("cpu").GetProperty("core_num").GetInt32());
            var engines = (await api.GetAsync("/training-job-engines")).Body.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal("local_py", Assert.Single(engines).GetProperty("engine_id").GetString());
            Assert.Equal("/bin/cat", engines[0].GetProperty("local_interpreter").GetString());
            Assert.Equal("ModelArts.2781", (await api.PostAsync("/training-jobs", V2Api.Body("default_flavor"))).Code);

            // The engine's interpreter runs its python boot files: /bin/cat prints the script instead of running it.
            var id = await api.CreatePythonJobAsync("own_interpreter", "print('not run')\n", b =>
            {
                ((Dictionary<string, object?>)b["algorithm"]!)["engine"] = new { engine_id = "local_py" };
                ((Dictionary<string, object?>)b["algorithm"]!)["inputs"] = Array.Empty<object>();
                ((Dictionary<string, object?>)b["algorithm"]!)["outputs"] = Array.Empty<object>();
                b["spec"] = new { resource = new { flavor_id = "local.cpu.4u", node_count = 1 } };
            });
            await api.WaitForEndAsync(id);
            var log = await api.LogAsync(id);
            Assert.Contains("print('not run')\n", log);
            Assert.Contains("with /bin/cat", log);
        }

        [Fact]
        public void TheV2SwitchesComeFromTheCommandLine()
        {
            var options = OptionsLoader.Load(new[] { "--v2-paged-log", "false", "--v2-preview-bytes=1000", "--v2-search-offset", "row", "--v2-output-upload-seconds", "5" }, NoEnvironment)!;
            Assert.False(options.V2PagedLog);
            Assert.Equal(1000, options.V2PreviewBytes);
            Assert.True(options.V2SearchOffsetIsRow);
            Assert.Equal(TimeSpan.FromSeconds(5), options.V2OutputUploadPeriod);
            Assert.Throws<OptionsException>(() => OptionsLoader.Load(new[] { "--v2-search-offset", "both" }, NoEnvironment));
        }
    }
}
