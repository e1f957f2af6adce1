using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary>The v2 training API of a <see cref="TestService"/>, called over real HTTP with a password token.</summary>
    internal sealed class V2Api
    {
        public static bool IsTerminal(string phase) => phase is "Completed" or "Failed" or "Terminated" or "Abnormal";

        public V2Api(TestService service) => Service = service;

        public TestService Service { get; }

        public string Url => Service.BaseUrl + "/v2/" + TestService.ProjectId;

        public Task<Answer> GetAsync(string relative) => Service.SendAsync(HttpMethod.Get, Url + relative);

        public Task<Answer> PostAsync(string relative, object? body) => Service.SendAsync(HttpMethod.Post, Url + relative, TestService.Json(body));

        public Task<Answer> PutAsync(string relative, object body) => Service.SendAsync(HttpMethod.Put, Url + relative, TestService.Json(body));

        public Task<Answer> DeleteAsync(string relative) => Service.SendAsync(HttpMethod.Delete, Url + relative);

        /// <summary>A code-from-OBS job (seed case A) for a python script put under <c>test-bucket/&lt;name&gt;/code/</c>.</summary>
        public static Dictionary<string, object?> Body(string name, int nodes = 1, string flavor = "modelarts.vm.cpu.8u", object? environments = null,
            IEnumerable<object>? inputs = null, IEnumerable<object>? outputs = null, IEnumerable<object>? parameters = null) => new()
        {
            ["kind"] = "job",
            ["metadata"] = new Dictionary<string, object?> { ["name"] = name, ["description"] = "v2 test job" },
            ["algorithm"] = new Dictionary<string, object?>
            {
                ["code_dir"] = $"/test-bucket/{name}/code/",
                ["boot_file"] = $"/test-bucket/{name}/code/train.py",
                ["engine"] = new { engine_name = "PyTorch", engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64" },
                ["parameters"] = parameters ?? Array.Empty<object>(),
                ["inputs"] = inputs ?? new object[] { new { name = "data_url", remote = new { obs = new { obs_url = "/test-bucket/data/" } } } },
                ["outputs"] = outputs ?? new object[] { new { name = "train_url", remote = new { obs = new { obs_url = $"obs://test-bucket/{name}/output/" } } } },
                ["environments"] = environments ?? new Dictionary<string, string>(),
            },
            ["spec"] = new Dictionary<string, object?>
            {
                ["resource"] = new { flavor_id = flavor, node_count = nodes },
                ["log_export_path"] = new { obs_url = $"/test-bucket/{name}/logs/" },
            },
        };

        /// <summary>Puts the script, creates the job and returns its id.</summary>
        public async Task<string> CreatePythonJobAsync(string name, string script, Action<Dictionary<string, object?>>? adjust = null, int nodes = 1)
        {
            Service.PutObject($"test-bucket/{name}/code/train.py", script);
            System.IO.Directory.CreateDirectory(Service.ObsPath("test-bucket/data"));
            var body = Body(name, nodes);
            adjust?.Invoke(body);
            return await CreateAsync(body);
        }

        public async Task<string> CreateAsync(object body)
        {
            var answer = await PostAsync("/training-jobs", body);
            Assert.True(answer.Status == HttpStatusCode.Created, answer.Body.ToString());
            return answer.Body.GetProperty("metadata").GetProperty("id").GetString()!;
        }

        public static string Phase(Answer job) => job.Body.GetProperty("status").GetProperty("phase").GetString()!;

        public async Task<Answer> WaitForPhaseAsync(string id, Func<string, bool> done, int timeoutSeconds = 90)
        {
            var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
            while (true)
            {
                var answer = await GetAsync("/training-jobs/" + id);
                Assert.Equal(HttpStatusCode.OK, answer.Status);
                if (done(Phase(answer)))
                {
                    return answer;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Job {id} is still {Phase(answer)}.");
                }
                await Task.Delay(50);
            }
        }

        public Task<Answer> WaitForEndAsync(string id, int timeoutSeconds = 90) => WaitForPhaseAsync(id, IsTerminal, timeoutSeconds);

        /// <summary>The whole log of a task through the line-paged log (500 lines are plenty for these tests).</summary>
        public async Task<string> LogAsync(string id, string task = "worker-0")
        {
            var answer = await GetAsync($"/training-jobs/{id}/logs/{task}?lines=500");
            return answer.Status == HttpStatusCode.NoContent ? "" : answer.Body.GetProperty("content").GetString()!;
        }

        public static IEnumerable<string> Items(Answer answer, string name) =>
            answer.Body.GetProperty(name).EnumerateArray().Select(e => e.ToString());

        public static JsonElement At(Answer answer, params string[] path) =>
            path.Aggregate(answer.Body, (element, name) => int.TryParse(name, out var index) ? element[index] : element.GetProperty(name));
    }
}
