using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Training;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// The flavor catalogs are read member by member (JsonWalker), not by the serializer: the same tolerance as every
    /// other answer (numbers as strings, nulls, unknown members at any depth) and the same InvalidResponse for a broken one.
    /// </summary>
    public class CatalogJsonTests
    {
        private const string V2Flavors =
            "{\"total_count\":3,\"flavors\":["
            + "{\"flavor_id\":\"modelarts.vm.cpu.8u\",\"flavor_name\":\"CPU 8U\",\"max_num\":\"16\",\"flavor_type\":\"CPU\","
            + "\"billing\":{\"code\":\"x\",\"unit_num\":1},\"flavor_info\":{\"max_num\":16,\"cpu\":{\"arch\":\"x86\",\"core_num\":\"8\"},\"gpu\":null,"
            + "\"memory\":{\"size\":32,\"unit\":\"GB\"},\"disk\":{\"size\":50,\"unit\":\"GB\"}},\"attributes\":{\"a\":[1,{\"b\":[]}]}},"
            + "{\"flavor_info\":{\"npu\":{\"unit_num\":\"8\",\"product_name\":\"Ascend-910\",\"memory\":\"32GB\"},\"cpu\":{\"core_num\":192,\"arch\":\"arm\"},"
            + "\"memory\":{\"size\":\"1536\"}},\"flavor_type\":\"Ascend\",\"flavor_id\":\"modelarts.bm.npu.arm.8snt9b3.d\"},"
            + "{\"flavor_id\":\"modelarts.p3.large.public\",\"max_num\":8,\"flavor_info\":{\"gpu\":{\"unit_num\":1,\"product_name\":\"NVIDIA-V100\"},"
            + "\"npu\":{\"unit_num\":2,\"product_name\":\"other\"}}},"
            + "null]}";

        private readonly FakeTime time = new FakeTime();

        private ModelArtsClient Client(TrainingApi api, string flavors) =>
            TestClients.Create(
                new FakeHandler(r => r.Path.EndsWith("training-job-flavors", StringComparison.Ordinal) || r.Path.EndsWith("resource-specs", StringComparison.Ordinal)
                    ? Reply.Json(flavors, requestId: "req-flavors")
                    : Reply.Status(404)),
                time,
                o => o.TrainingApi = api);

        [Fact]
        public async Task V2FlavorsReadEveryFormTheServiceUses()
        {
            using var client = Client(TrainingApi.V2, V2Flavors);

            var flavors = await client.GetFlavorsAsync(fresh: true);

            Assert.Equal(3, flavors.Count);
            var cpu = flavors[0];
            Assert.Equal(("modelarts.vm.cpu.8u", 8, 32, 0, (string?)null, 16, "CPU", "x86"), (cpu.Code, cpu.Cores, cpu.MemoryGiB, cpu.GpuCount, cpu.GpuType, cpu.MaxNodes, cpu.FlavorType, cpu.Arch));
            // Members in another order; npu stands in for a gpu; no max_num still runs one node.
            var npu = flavors[1];
            Assert.Equal(("modelarts.bm.npu.arm.8snt9b3.d", 192, 1536, 8, "Ascend-910", 1, "Ascend", "arm"), (npu.Code, npu.Cores, npu.MemoryGiB, npu.GpuCount, npu.GpuType, npu.MaxNodes, npu.FlavorType, npu.Arch));
            // A gpu wins over an npu, as before; what is absent reads as zero.
            var gpu = flavors[2];
            Assert.Equal(("modelarts.p3.large.public", 0, 0, 1, "NVIDIA-V100", 8, (string?)null, (string?)null), (gpu.Code, gpu.Cores, gpu.MemoryGiB, gpu.GpuCount, gpu.GpuType, gpu.MaxNodes, gpu.FlavorType, gpu.Arch));
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"flavors\":null}")]
        [InlineData("{\"flavors\":[]}")]
        public async Task AnEmptyV2CatalogHasNoFlavors(string json)
        {
            using var client = Client(TrainingApi.V2, json);

            Assert.Empty(await client.GetFlavorsAsync(fresh: true));
        }

        [Fact]
        public async Task V1SpecsReadNumbersAsStringsAndSoldOutFlags()
        {
            using var client = Client(TrainingApi.V1, FakeModelArts.Flavors.Replace("\"specs\":[", "\"unknown\":{\"nested\":[{\"specs\":1}]},\"specs\":[", StringComparison.Ordinal));

            var flavors = await client.GetFlavorsAsync(fresh: true);

            Assert.Equal(new[] { "modelarts.vm.cpu.2u", "modelarts.vm.cpu.8u", "modelarts.vm.gpu.v100NV" }, flavors.Select(f => f.Code));
            Assert.Equal(new long[] { 7, 27, 5 }, flavors.Select(f => f.SpecId));
            Assert.Equal(new[] { 2, 8, 8 }, flavors.Select(f => f.Cores));
            Assert.Equal(new[] { 8, 32, 64 }, flavors.Select(f => f.MemoryGiB));
            Assert.Equal(new[] { 1, 4, 2 }, flavors.Select(f => f.MaxNodes));
            Assert.Equal(new[] { null, null, "v100NV32" }, flavors.Select(f => f.GpuType));
            Assert.Equal(new[] { false, false, true }, flavors.Select(f => f.SoldOut));
        }

        [Fact]
        public async Task AV1AnswerThatSaysItFailedIsAnError()
        {
            using var client = Client(TrainingApi.V1, "{\"is_success\":false,\"error_code\":\"ModelArts.0104\",\"error_msg\":\"No permission.\"}");

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetFlavorsAsync(fresh: true));

            Assert.Equal("ModelArts.0104", e.ErrorCode);
        }

        [Theory]
        [InlineData(TrainingApi.V2, "null")]
        [InlineData(TrainingApi.V2, "[]")]
        [InlineData(TrainingApi.V2, "{\"flavors\":{}}")]
        [InlineData(TrainingApi.V2, "{\"flavors\":[{\"flavor_id\":\"a\",\"max_num\":99999999999}]}")]
        [InlineData(TrainingApi.V2, "{\"flavors\":[{\"flavor_id\":\"a\",\"flavor_info\":{\"cpu\":{\"core_num\":\"eight\"}}}]}")]
        [InlineData(TrainingApi.V2, "{\"flavors\":[{\"flavor_id\":\"a\",\"flavor_info\":[]}]}")]
        [InlineData(TrainingApi.V2, "{\"flavors\":[{\"flavor_id\":\"a\"")]
        [InlineData(TrainingApi.V2, "<html>Bad gateway</html>")]
        [InlineData(TrainingApi.V1, "{\"specs\":[{\"spec_code\":\"a\",\"no_resource\":\"maybe\"}]}")]
        [InlineData(TrainingApi.V1, "{\"is_success\":true,\"specs\":[{\"spec_code\":{}}]}")]
        [InlineData(TrainingApi.V1, "")]
        public async Task ABrokenCatalogIsAnInvalidResponseWithTheRequestId(TrainingApi api, string json)
        {
            using var client = Client(api, json);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetFlavorsAsync(fresh: true));

            Assert.Equal(ModelArtsErrorKind.InvalidResponse, e.Kind);
            Assert.Equal("req-flavors", e.RequestId);
            Assert.IsType<JsonException>(e.InnerException, exactMatch: false);
        }

        [Fact]
        public void TextThatIsNotUtf8IsAJsonException()
        {
            var body = Encoding.UTF8.GetBytes("{\"flavor_id\":\"ab\"}");
            body[14] = 0xFF;

            Assert.ThrowsAny<JsonException>(() =>
            {
                var json = new JsonWalker(body);
                json.EnterAnswer();
                json.NextMember();
                return json.String();
            });
        }

        [Fact]
        public void TheWalkerReadsValuesByTheSerializersRules()
        {
            var json = new JsonWalker(Encoding.UTF8.GetBytes("{\"s\":12,\"t\":true,\"n\":\" 42 \",\"e\":\"\",\"big\":9007199254740993,\"skip\":{\"x\":[1,2,{\"y\":null}]},\"b\":null,\"u\":\"caf\\u00e9\"}"));
            Assert.True(json.EnterObject());
            var seen = new System.Collections.Generic.List<string?>();
            while (json.NextMember())
            {
                if (json.Is("s"u8) || json.Is("t"u8) || json.Is("u"u8))
                {
                    seen.Add(json.String());
                }
                else if (json.Is("n"u8) || json.Is("e"u8))
                {
                    seen.Add(json.Int32()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent");
                }
                else if (json.Is("big"u8))
                {
                    seen.Add(json.Int64()?.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else if (json.Is("b"u8))
                {
                    seen.Add(json.Boolean()?.ToString() ?? "null");
                }
                else
                {
                    json.Skip();
                }
            }

            Assert.Equal(new[] { "12", "true", "42", "absent", "9007199254740993", "null", "café" }, seen);
        }
    }
}
