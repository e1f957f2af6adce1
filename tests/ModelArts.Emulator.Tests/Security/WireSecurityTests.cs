using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>Issue 15, items 10, 18 and 19: malformed text is a 400, and version detail carries the fields real clients read.</summary>
    public sealed class WireSecurityTests : IAsyncLifetime
    {
        private TestService _service = null!;

        public async Task InitializeAsync() => _service = await TestService.StartAsync();

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task InvalidUtf8AndLoneSurrogatesAre400()
        {
            var invalidUtf8 = await _service.SendAsync(HttpMethod.Post, _service.V1 + "/training-jobs", null, adjust: r =>
            {
                r.Content = new ByteArrayContent(Encoding.ASCII.GetBytes("{\"job_name\":\"a").Concat(new byte[] { 0xff, 0xfe }).Concat(Encoding.ASCII.GetBytes("\"}")).ToArray());
                r.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            });
            Assert.Equal(HttpStatusCode.BadRequest, invalidUtf8.Status);
            Assert.Equal("ModelArts.0101", invalidUtf8.Code);
            Assert.Contains("UTF-8", invalidUtf8.Str("error_msg"));

            var surrogate = await _service.PostAsync("/training-jobs", "{\"job_name\":\"\\udc00x\",\"config\":{}}");
            Assert.Equal(HttpStatusCode.BadRequest, surrogate.Status);
            Assert.Contains("surrogate", surrogate.Str("error_msg"));
        }

        [Fact]
        public async Task VersionDetailHasCamelCaseMetricsAndTheOtcFields()
        {
            var (job, version) = await _service.CreatePythonJobAsync("wirefields", "print('ok')");
            await _service.WaitForEndAsync(job, version);
            var detail = (await _service.GetAsync($"/training-jobs/{job}/versions/{version}")).Body;

            var metrics = detail.GetProperty("system_metric_list");
            foreach (var key in new[] { "cpuUsage", "memUsage", "gpuUtil", "gpuMemUsage", "diskReadRate", "diskWriteRate", "recvBytesRate", "sendBytesRate" })
            {
                Assert.Equal(JsonValueKind.Array, metrics.GetProperty(key).ValueKind);
            }
            Assert.Equal(1, metrics.GetProperty("interval").GetInt32());
            Assert.DoesNotContain(metrics.EnumerateObject(), p => p.Name.Contains('_'));

            foreach (var field in new[] { "algorithm_id", "attributes", "billing", "description", "flavor_info", "gpu_memory_unit", "memory_unit", "npu_info", "pod_version", "retrain_model_id" })
            {
                Assert.True(detail.TryGetProperty(field, out _), field);
            }
            Assert.Equal("modelarts.vm.cpu.2u", detail.GetProperty("billing").GetProperty("code").GetString());
            Assert.Equal(2, detail.GetProperty("flavor_info").GetProperty("cpu").GetProperty("core_num").GetInt32());
            Assert.Equal("True", detail.GetProperty("attributes").GetProperty("isSupportDist").GetString());
        }
    }
}
