using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.V2
{
    /// <summary>The v2 job calls over real HTTP: wire format, searches, update, delete, terminate, every refusal, authentication and faults.</summary>
    public sealed class V2JobApiTests : IAsyncLifetime
    {
        private TestService _service = null!;
        private V2Api _api = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync(o => o.MaxRunningJobs = 4);
            _api = new V2Api(_service);
            _service.PutObject("test-bucket/data/input.txt", "mnist");
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task CreateAnswers201InTheShapeOfTheSdkModels()
        {
            _service.PutObject("test-bucket/shape/code/train.py", "print('hi')\n");
            var body = V2Api.Body("shape", environments: new Dictionary<string, string> { ["FOO"] = "bar" },
                parameters: new object[] { new { name = "epochs", value = "2" } });
            var created = await _api.PostAsync("/training-jobs", body);
            Assert.Equal(HttpStatusCode.Created, created.Status);
            var id = V2Api.At(created, "metadata", "id").GetString()!;
            Assert.True(Guid.TryParseExact(id, "D", out _), id);
            Assert.Equal("job", created.Str("kind"));
            Assert.Equal("shape", V2Api.At(created, "metadata", "name").GetString());
            Assert.Equal("v2 test job", V2Api.At(created, "metadata", "description").GetString());
            Assert.Equal("0", V2Api.At(created, "metadata", "workspace_id").GetString());
            Assert.True(V2Api.At(created, "metadata", "create_time").GetInt64() > 1_600_000_000_000);
            Assert.Equal("Creating", V2Api.Phase(created));
            Assert.Equal(0, V2Api.At(created, "status", "duration").GetInt64());
            Assert.Equal("[\"worker-0\"]", V2Api.At(created, "status", "tasks").GetRawText());
            Assert.Equal("/test-bucket/shape/code/", V2Api.At(created, "algorithm", "code_dir").GetString());
            Assert.Equal("/test-bucket/shape/code/train.py", V2Api.At(created, "algorithm", "boot_file").GetString());
            Assert.Equal("2", V2Api.At(created, "algorithm", "parameters", "0", "value").GetString());
            var input = V2Api.At(created, "algorithm", "inputs", "0");
            Assert.EndsWith("/modelarts/inputs/data_url_0", input.GetProperty("local_dir").GetString());
            Assert.Equal("/test-bucket/data/", input.GetProperty("remote").GetProperty("obs").GetProperty("obs_url").GetString());
            var output = V2Api.At(created, "algorithm", "outputs", "0");
            Assert.EndsWith("/modelarts/outputs/train_url_0", output.GetProperty("local_dir").GetString());
            Assert.Equal("obs://test-bucket/shape/output/", output.GetProperty("remote").GetProperty("obs").GetProperty("obs_url").GetString());
            Assert.Equal("upload_periodically", output.GetProperty("mode").GetString());
            var engine = V2Api.At(created, "algorithm", "engine");
            Assert.Equal("pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64", engine.GetProperty("engine_id").GetString());
            Assert.False(engine.GetProperty("v1_compatible").GetBoolean());
            Assert.Equal("1102", engine.GetProperty("run_user").GetString());
            Assert.Equal("[{\"FOO\":\"bar\"}]", V2Api.At(created, "algorithm", "environments").GetRawText());
            var resource = V2Api.At(created, "spec", "resource");
            Assert.Equal("modelarts.vm.cpu.8u", resource.GetProperty("flavor_id").GetString());
            Assert.Equal(1, resource.GetProperty("node_count").GetInt32());
            Assert.Equal("CPU", resource.GetProperty("flavor_detail").GetProperty("flavor_type").GetString());
            Assert.Equal(8, resource.GetProperty("flavor_detail").GetProperty("flavor_info").GetProperty("cpu").GetProperty("core_num").GetInt32());
            Assert.Equal("modelarts.vm.cpu.8u", resource.GetProperty("flavor_detail").GetProperty("billing").GetProperty("code").GetString());
            Assert.Equal("/test-bucket/shape/logs/", V2Api.At(created, "spec", "log_export_path", "obs_url").GetString());

            var shown = await _api.GetAsync("/training-jobs/" + id);
            Assert.Equal(HttpStatusCode.OK, shown.Status);
            Assert.Equal(id, V2Api.At(shown, "metadata", "id").GetString());
        }

        [Fact]
        public async Task DescriptionSearchAndDeleteWork()
        {
            var first = await _api.CreatePythonJobAsync("search_alpha", "print(1)\n");
            var second = await _api.CreatePythonJobAsync("search_beta", "print(2)\n");
            var third = await _api.CreatePythonJobAsync("other_gamma", "print(3)\n");
            foreach (var id in new[] { first, second, third })
            {
                await _api.WaitForEndAsync(id);
            }

            var put = await _api.PutAsync("/training-jobs/" + first, new { description = "changed" });
            Assert.Equal(HttpStatusCode.OK, put.Status);
            Assert.Equal("changed", V2Api.At(await _api.GetAsync("/training-jobs/" + first), "metadata", "description").GetString());
            Assert.Equal("ModelArts.2788", (await _api.PutAsync("/training-jobs/" + first, new { description = new string('x', 257) })).Code);

            var like = await _api.PostAsync("/training-job-searches", new { filters = new[] { new { key = "name", @operator = "like", value = new[] { "search_" } } } });
            Assert.Equal(HttpStatusCode.OK, like.Status);
            Assert.Equal(2, like.Long("total"));
            Assert.Equal(new[] { "search_beta", "search_alpha" }, Names(like)); // create_time desc by default
            var asc = await _api.PostAsync("/training-job-searches", new { sort_by = "name", order = "asc", limit = 2, offset = 1 });
            Assert.Equal(3, asc.Long("total"));
            Assert.Equal(new[] { "search_beta" }, Names(asc)); // offset is a page index: page 1 of 2 per page
            var completed = await _api.PostAsync("/training-job-searches", new { filters = new[] { new { key = "phase", @operator = "in", value = new[] { "Completed" } } } });
            Assert.Equal(3, completed.Long("total"));
            var created = V2Api.At(await _api.GetAsync("/training-jobs/" + third), "metadata", "create_time").GetInt64();
            var between = await _api.PostAsync("/training-job-searches", new
            {
                filters = new[] { new { key = "create_time", @operator = "between", value = new[] { created.ToString(), (created + 1).ToString() } } },
            });
            Assert.Contains("other_gamma", Names(between));

            Assert.Equal("ModelArts.2788", (await _api.PostAsync("/training-job-searches", new { limit = 51 })).Code);
            Assert.Equal("ModelArts.2790", (await _api.PostAsync("/training-job-searches", new { sort_by = "flavor" })).Code);
            Assert.Equal("ModelArts.2807", (await _api.PostAsync("/training-job-searches", new { filters = new[] { new { key = "flavor", @operator = "in", value = new[] { "x" } } } })).Code);
            Assert.Equal("ModelArts.2808", (await _api.PostAsync("/training-job-searches", new { filters = new[] { new { key = "name", @operator = "in", value = new[] { "x" } } } })).Code);
            Assert.Equal("ModelArts.2809", (await _api.PostAsync("/training-job-searches", new { filters = new[] { new { key = "phase", @operator = "in", value = new[] { "Sleeping" } } } })).Code);

            var deleted = await _api.DeleteAsync("/training-jobs/" + second);
            Assert.Equal(HttpStatusCode.Accepted, deleted.Status);
            Assert.Equal("", await deleted.Response.Content.ReadAsStringAsync());
            var gone = await _api.GetAsync("/training-jobs/" + second);
            Assert.Equal(HttpStatusCode.BadRequest, gone.Status);
            Assert.Equal("ModelArts.2775", gone.Code);
        }

        [Fact]
        public async Task SearchOffsetCanBeARowOffset()
        {
            await using var rows = await TestService.StartAsync(o => o.V2SearchOffsetIsRow = true);
            var api = new V2Api(rows);
            foreach (var name in new[] { "row_a", "row_b", "row_c" })
            {
                await api.CreatePythonJobAsync(name, "print(1)\n");
            }
            var page = await api.PostAsync("/training-job-searches", new { sort_by = "name", order = "asc", limit = 2, offset = 1 });
            Assert.Equal(new[] { "row_b", "row_c" }, Names(page));
        }

        [Fact]
        public async Task AnUnknownJobIs400WithModelArts2775Everywhere()
        {
            var unknown = Guid.NewGuid().ToString();
            foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
            {
                (HttpMethod.Get, "/training-jobs/" + unknown, null),
                (HttpMethod.Get, "/training-jobs/not-a-uuid", null),
                (HttpMethod.Put, "/training-jobs/" + unknown, new { description = "x" }),
                (HttpMethod.Delete, "/training-jobs/" + unknown, null),
                (HttpMethod.Post, $"/training-jobs/{unknown}/actions", new { action_type = "terminate" }),
                (HttpMethod.Get, $"/training-jobs/{unknown}/tasks/worker-0/logs/preview", null),
                (HttpMethod.Get, $"/training-jobs/{unknown}/tasks/worker-0/logs/url", null),
                (HttpMethod.Get, $"/training-jobs/{unknown}/logs/worker-0", null),
                (HttpMethod.Get, $"/training-jobs/{unknown}/events", null),
                (HttpMethod.Get, $"/training-jobs/{unknown}/metrics/worker-0", null),
            })
            {
                var answer = await _service.SendAsync(method, _api.Url + path, TestService.Json(body));
                Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.Code == "ModelArts.2775", $"{method} {path}: {answer.Status} {answer.Body}");
                Assert.Contains(unknown.Length > 0 ? "not found" : "", answer.Body.GetProperty("error_msg").GetString());
                Assert.True(answer.Body.TryGetProperty("error_solution", out _));
            }
        }

        public static IEnumerable<object[]> BadBodies() => new (string, Action<Dictionary<string, object?>>, string)[]
        {
            ("name pattern", b => Meta(b)["name"] = "bad name!", "ModelArts.2788"),
            ("name too long", b => Meta(b)["name"] = new string('a', 65), "ModelArts.2788"),
            ("unknown top field", b => b["extra"] = 1, "ModelArts.2788"),
            ("unknown nested field", b => Alg(b)["boot"] = "x", "ModelArts.2788"),
            ("wrong type", b => Spec(b)["resource"] = new { flavor_id = "modelarts.vm.cpu.8u", node_count = "1" }, "ModelArts.2825"),
            ("missing metadata", b => b.Remove("metadata"), "ModelArts.2788"),
            ("kind", b => b["kind"] = "edge_job", "ModelArts.2788"),
            ("unknown engine", b => Alg(b)["engine"] = new { engine_id = "caffe_0.1" }, "ModelArts.2780"),
            ("unknown engine version", b => Alg(b)["engine"] = new { engine_name = "PyTorch", engine_version = "PyTorch-9" }, "ModelArts.2780"),
            ("unknown flavor", b => Spec(b)["resource"] = new { flavor_id = "modelarts.vm.cpu.99u", node_count = 1 }, "ModelArts.2781"),
            ("too many nodes", b => Spec(b)["resource"] = new { flavor_id = "modelarts.vm.cpu.2u", node_count = 2 }, "ModelArts.2793"),
            ("dataset without version", b => Alg(b)["inputs"] = new[] { new { name = "data_url", remote = new { dataset = new { id = "ds1" } } } }, "ModelArts.2788"),
            ("unknown dataset", b => Alg(b)["inputs"] = new[] { new { name = "data_url", remote = new { dataset = new { id = "nope", version_id = "v1" } } } }, "ModelArts.2783"),
            ("101 environments", b => Alg(b)["environments"] = Enumerable.Range(0, 101).ToDictionary(i => "V" + i, i => "x"), "ModelArts.2788"),
            ("bad environment name", b => Alg(b)["environments"] = new Dictionary<string, string> { ["1BAD"] = "x" }, "ModelArts.2788"),
            ("MA_ environment", b => Alg(b)["environments"] = new Dictionary<string, string> { ["MA_HOME"] = "/tmp" }, "ModelArts.2788"),
            ("environment reference", b => Alg(b)["environments"] = new Dictionary<string, string> { ["X"] = "$HOME" }, "ModelArts.2788"),
            ("escaping path", b => Alg(b)["inputs"] = new[] { new { name = "data_url", remote = new { obs = new { obs_url = "/test-bucket/../../etc/" } } } }, "ModelArts.2791"),
            ("escaping log path", b => Spec(b)["log_export_path"] = new { obs_url = "obs://test-bucket/a/%2e%2e/b/" }, "ModelArts.2791"),
            ("boot file outside code", b => Alg(b)["boot_file"] = "/test-bucket/elsewhere/train.py", "ModelArts.2758"),
            ("image without command", b => { Alg(b).Remove("code_dir"); Alg(b).Remove("boot_file"); Alg(b)["engine"] = new { image_url = "swr/x:1" }; }, "ModelArts.2806"),
            ("duplicate parameter", b => Alg(b)["parameters"] = new[] { new { name = "a", value = "1" }, new { name = "a", value = "2" } }, "ModelArts.2767"),
            ("numeric parameter value", b => Alg(b)["parameters"] = new[] { new { name = "a", value = 1 } }, "ModelArts.2825"),
        }.Select(c => new object[] { c.Item1, c.Item2, c.Item3 });

        [Theory]
        [MemberData(nameof(BadBodies))]
        public async Task BadInputIsRefusedWithTheRealCodeBeforeAnyWork(string why, Action<Dictionary<string, object?>> spoil, string code)
        {
            var body = V2Api.Body("refused");
            spoil(body);
            var answer = await _api.PostAsync("/training-jobs", body);
            Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.Code == code, $"{why}: {answer.Status} {answer.Body}");
            var search = await _api.PostAsync("/training-job-searches", new { filters = new[] { new { key = "name", @operator = "like", value = new[] { "refused" } } } });
            Assert.Equal(0, search.Long("total"));
        }

        [Fact]
        public async Task MalformedDuplicateAndOversizedBodiesAreRefused()
        {
            Assert.Equal("ModelArts.2787", (await _api.PostAsync("/training-jobs", "{not json")).Code);
            Assert.Equal("ModelArts.2787", (await _api.PostAsync("/training-jobs", "[1]")).Code);
            await _api.CreatePythonJobAsync("twice", "print(1)\n");
            Assert.Equal("ModelArts.2751", (await _api.PostAsync("/training-jobs", V2Api.Body("twice"))).Code);
            var big = await _api.PostAsync("/training-jobs", "{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.Status);
            Assert.Equal("APIG.0201", big.Code);
        }

        [Fact]
        public async Task TerminateStopsARunningJobAndIsSafeToRepeat()
        {
            var id = await _api.CreatePythonJobAsync("sleeper", "import time\nprint('sleeping', flush=True)\ntime.sleep(300)\n");
            await _api.WaitForPhaseAsync(id, p => p == "Running");
            Assert.Equal("ModelArts.2812", (await _api.PostAsync($"/training-jobs/{id}/actions", new { action_type = "pause" })).Code);
            var stop = await _api.PostAsync($"/training-jobs/{id}/actions", new { action_type = "terminate" });
            Assert.Equal(HttpStatusCode.Accepted, stop.Status);
            Assert.Contains(V2Api.Phase(stop), new[] { "Terminating", "Terminated" });
            var ended = await _api.WaitForEndAsync(id);
            Assert.Equal("Terminated", V2Api.Phase(ended));
            Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"/training-jobs/{id}/actions", new { action_type = "terminate" })).Status);
            Assert.Contains("Training stopped: stopped by the user.", await _api.LogAsync(id));

            var done = await _api.CreatePythonJobAsync("quick", "print('done')\n");
            await _api.WaitForEndAsync(done);
            Assert.Equal("ModelArts.2788", (await _api.PostAsync($"/training-jobs/{done}/actions", new { action_type = "terminate" })).Code);
        }

        [Fact]
        public async Task V2IsAuthenticatedAndFaultedLikeV1()
        {
            var anonymous = await _service.SendAsync(HttpMethod.Get, _api.Url + "/training-job-engines", authenticate: false);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
            Assert.Equal("APIG.1000", anonymous.Code);
            var signed = await _service.SendSignedAsync(HttpMethod.Post, _api.Url + "/training-job-searches", "{}",
                prepare: r => r.Headers.UserAgent.ParseAdd("huaweicloud-usdk-python/3.0"));
            Assert.Equal(HttpStatusCode.OK, signed.Status);
            var tampered = await _service.SendSignedAsync(HttpMethod.Post, _api.Url + "/training-job-searches", "{}",
                prepare: r => r.Headers.UserAgent.ParseAdd("huaweicloud-usdk-python/3.0"),
                tamper: r => { r.Headers.UserAgent.Clear(); r.Headers.UserAgent.ParseAdd("someone-else/1.0"); });
            Assert.Equal(HttpStatusCode.Unauthorized, tampered.Status);
            Assert.Equal("APIG.0301", tampered.Code);
            var otherProject = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v2/00000000000000000000000000000000/training-job-engines");
            Assert.Equal(HttpStatusCode.Forbidden, otherProject.Status);
            Assert.Equal("ModelArts.0210", otherProject.Code);

            var local = _service.BaseUrl + "/_local";
            var since = (await _service.SendAsync(HttpMethod.Get, local + "/requests", authenticate: false)).Body.GetProperty("requests").EnumerateArray().Last().GetProperty("seq").GetInt64();
            await _service.SendAsync(HttpMethod.Put, local + "/faults", TestService.Json(new { error_rate = 1.0, seed = 1 }), authenticate: false);
            try
            {
                var faulted = await _api.GetAsync("/training-job-flavors");
                Assert.True((int)faulted.Status is 500 or 503, faulted.Status.ToString());
            }
            finally
            {
                await _service.SendAsync(HttpMethod.Delete, local + "/faults", authenticate: false);
            }
            var logged = (await _service.SendAsync(HttpMethod.Get, local + "/requests?since=" + since, authenticate: false)).Body.GetProperty("requests").EnumerateArray().ToList();
            Assert.Contains(logged, e => e.GetProperty("path").GetString()!.EndsWith("/training-job-flavors") && e.GetProperty("fault").GetString() == "error");
        }

        [Fact]
        public async Task V1AndV2NeverShowEachOthersJobs()
        {
            var (v1Job, _) = await _service.CreatePythonJobAsync("shared_name", "print('v1')\n");
            var v2Job = await _api.CreatePythonJobAsync("shared_name", "print('v2')\n");
            var v1List = await _service.GetAsync("/training-jobs");
            Assert.Equal(1, v1List.Long("job_total_count"));
            Assert.Equal(v1Job, v1List.Body.GetProperty("jobs")[0].GetProperty("job_id").GetInt64());
            var v2List = await _api.PostAsync("/training-job-searches", new { });
            Assert.Equal(1, v2List.Long("total"));
            Assert.Equal(v2Job, V2Api.At(v2List, "items", "0", "metadata", "id").GetString());
            Assert.Equal("ModelArts.2775", (await _api.GetAsync("/training-jobs/" + v1Job)).Code);
        }

        [Fact]
        public async Task TasksAndQuotasAnswerAndTheOtherTrainingExtrasAreUnknownApis()
        {
            var id = await _api.CreatePythonJobAsync("tasks", "print(1)\n", nodes: 2);
            var tasks = await _api.GetAsync($"/training-jobs/{id}/tasks");
            Assert.Equal(HttpStatusCode.OK, tasks.Status);
            Assert.Equal(new[] { "worker-0", "worker-1" }, tasks.Body.EnumerateArray().Select(t => t.GetProperty("task").GetString()).ToArray());
            Assert.Equal("127.0.0.1", tasks.Body[0].GetProperty("ip").GetString());
            var quotas = await _api.GetAsync("/training-quotas");
            Assert.Equal("job-num", V2Api.At(quotas, "quotas", "0", "resource").GetString());
            Assert.Equal(1, V2Api.At(quotas, "quotas", "0", "used").GetInt32());
            Assert.Equal("ModelArts.2764", (await _api.GetAsync("/training-quotas?resource=gpu")).Code);
            foreach (var path in new[] { $"/training-jobs/{id}/stages", $"/modelarts-training-job/{id}/tags", $"/training-jobs/{id}/tasks/worker-0/save-image-job", "/training-event-categories" })
            {
                var answer = await _api.GetAsync(path);
                Assert.True(answer.Status == HttpStatusCode.NotFound && answer.Code == "APIG.0101", $"{path}: {answer.Status} {answer.Body}");
            }
        }

        private static string[] Names(Answer search) =>
            search.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!).ToArray();

        private static Dictionary<string, object?> Meta(Dictionary<string, object?> body) => (Dictionary<string, object?>)body["metadata"]!;

        private static Dictionary<string, object?> Alg(Dictionary<string, object?> body) => (Dictionary<string, object?>)body["algorithm"]!;

        private static Dictionary<string, object?> Spec(Dictionary<string, object?> body) => (Dictionary<string, object?>)body["spec"]!;
    }
}
