using System.Linq;
using System.Net;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary>The v2 flavors and engines, and the v1 flavor list without duplicate codes.</summary>
    public sealed class V2CatalogTests : IAsyncLifetime
    {
        private TestService _service = null!;
        private V2Api _api = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync();
            _api = new V2Api(_service);
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task FlavorsCarryFlavorInfoAndFilterByType()
        {
            var all = await _api.GetAsync("/training-job-flavors");
            Assert.Equal(HttpStatusCode.OK, all.Status);
            var flavors = all.Body.GetProperty("flavors").EnumerateArray().ToList();
            Assert.Equal(flavors.Count, all.Body.GetProperty("total_count").GetInt32());
            var cpu8 = flavors.Single(f => f.GetProperty("flavor_id").GetString() == "modelarts.vm.cpu.8u");
            Assert.Equal("CPU", cpu8.GetProperty("flavor_type").GetString());
            Assert.Equal(16, cpu8.GetProperty("max_num").GetInt32());
            Assert.Equal(8, cpu8.GetProperty("flavor_info").GetProperty("cpu").GetProperty("core_num").GetInt32());
            Assert.Equal(32, cpu8.GetProperty("flavor_info").GetProperty("memory").GetProperty("size").GetInt32());
            Assert.Equal("modelarts.vm.cpu.8u", cpu8.GetProperty("billing").GetProperty("code").GetString());
            var gpus = await _api.GetAsync("/training-job-flavors?flavor_type=GPU");
            var gpuList = gpus.Body.GetProperty("flavors").EnumerateArray().ToList();
            Assert.NotEmpty(gpuList);
            Assert.All(gpuList, f => Assert.Equal("GPU", f.GetProperty("flavor_type").GetString()));
            Assert.All(gpuList, f => Assert.True(f.GetProperty("flavor_info").GetProperty("gpu").GetProperty("unit_num").GetInt32() > 0));
            Assert.Equal(0, (await _api.GetAsync("/training-job-flavors?flavor_type=Ascend")).Body.GetProperty("total_count").GetInt32());
            var bad = await _api.GetAsync("/training-job-flavors?flavor_type=TPU");
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal("ModelArts.2764", bad.Code);
        }

        [Fact]
        public async Task EnginesHaveV2IdsAndSayHowTheyRunLocally()
        {
            var answer = await _api.GetAsync("/training-job-engines");
            var items = answer.Body.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(items.Count, answer.Body.GetProperty("total").GetInt32());
            foreach (var id in new[] { "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64", "tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64", "mindspore_1.7.0-cpu-py_3.7-ubuntu_18.04-x86_64" })
            {
                var engine = items.Single(e => e.GetProperty("engine_id").GetString() == id);
                Assert.Equal(id, engine.GetProperty("engine_version").GetString());
                Assert.False(engine.GetProperty("v1_compatible").GetBoolean());
                Assert.Equal("python", engine.GetProperty("local_interpreter").GetString());
                Assert.False(string.IsNullOrEmpty(engine.GetProperty("image_info").GetProperty("cpu_image_url").GetString()));
            }
            Assert.Contains(items, e => e.GetProperty("v1_compatible").GetBoolean());
        }

        [Fact]
        public async Task TheV1FlavorListNamesEachCodeOnce()
        {
            var specs = (await _service.GetAsync("/job/resource-specs?job_type=train")).Body.GetProperty("specs").EnumerateArray()
                .Select(s => s.GetProperty("spec_code").GetString()).ToList();
            Assert.Equal(specs.Count, specs.Distinct().Count());
            Assert.Contains("modelarts.vm.cpu.2u", specs);
            Assert.Contains("modelarts.vm.cpu.8u", specs);
        }
    }
}
