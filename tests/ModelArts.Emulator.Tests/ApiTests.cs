using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests
{
    /// <summary>Every v1 endpoint's answers, statuses and error codes (contract §1, §2).</summary>
    public sealed class ApiTests : IAsyncLifetime
    {
        private TestService _service = null!;

        // Jobs here never need to run: they queue behind a limit of one that a sleeping job holds.
        public async Task InitializeAsync() => _service = await TestService.StartAsync(o => o.MaxRunningJobs = 1);

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task ResourceSpecsCarryRealIdsAndStringCores()
        {
            var answer = await _service.GetAsync("/job/resource-specs?job_type=train");
            Assert.True(answer.Body.GetProperty("is_success").GetBoolean());
            var specs = answer.Body.GetProperty("specs").EnumerateArray().ToList();
            Assert.Equal(specs.Count, answer.Body.GetProperty("spec_total_count").GetInt32());
            var spec27 = specs.Single(s => s.GetProperty("spec_id").GetInt64() == 27);
            Assert.Equal("modelarts.vm.cpu.8u", spec27.GetProperty("spec_code").GetString());
            Assert.Equal(JsonValueKind.String, spec27.GetProperty("core").ValueKind);
            Assert.Equal("32", spec27.GetProperty("cpu").GetString());
            Assert.Contains(specs, s => s.GetProperty("spec_id").GetInt64() == 5 && s.GetProperty("spec_code").GetString() == "modelarts.vm.gpu.v100NV");
            Assert.Equal("ModelArts.0101", (await _service.GetAsync("/job/resource-specs?job_type=nonsense")).Code);
        }

        [Fact]
        public async Task AiEnginesCarryRealIds()
        {
            var engines = (await _service.GetAsync("/job/ai-engines?job_type=train")).Body.GetProperty("engines").EnumerateArray().ToList();
            Assert.Contains(engines, e => e.GetProperty("engine_id").GetInt64() == 4 && e.GetProperty("engine_version").GetString() == "TF-1.8.0-python3.6");
            Assert.Contains(engines, e => e.GetProperty("engine_id").GetInt64() == 100 && e.GetProperty("engine_type").GetInt32() == 9);
            Assert.Contains(engines, e => e.GetProperty("engine_name").GetString() == "PyTorch");
        }

        [Fact]
        public async Task EveryAnswerHasARequestIdAndErrorsHaveTheV1Shape()
        {
            var answer = await _service.GetAsync("/training-jobs/999");
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Equal(32, answer.Response.Headers.GetValues("X-Request-Id").Single().Length);
            Assert.False(answer.Body.GetProperty("is_success").GetBoolean());
            Assert.Equal("ModelArts.0015", answer.Code);
            Assert.False(string.IsNullOrEmpty(answer.Str("error_msg")));

            // A first segment of its own (/nowhere) would be an OBS bucket: under /v3 it is an API that does not exist.
            var fallback = await _service.SendAsync(HttpMethod.Get, _service.BaseUrl + "/v3/nowhere", authenticate: false);
            Assert.Equal(HttpStatusCode.NotFound, fallback.Status);
            Assert.Equal("APIG.0101", fallback.Code);
            Assert.True(fallback.Response.Headers.Contains("X-Request-Id"));
        }

        [Fact]
        public async Task CreateAnswersWithNumbersAndCommitsTheJob()
        {
            await BlockRunnerAsync();
            var answer = await _service.PostAsync("/training-jobs", TestService.JobBody("create_me"));
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.True(answer.Body.GetProperty("is_success").GetBoolean());
            Assert.Equal(JsonValueKind.Number, answer.Body.GetProperty("job_id").ValueKind);
            Assert.Equal(JsonValueKind.Number, answer.Body.GetProperty("version_id").ValueKind);
            Assert.Equal(1, answer.Body.GetProperty("status").GetInt32());
            Assert.Equal("V0001", answer.Str("version_name"));
            Assert.Matches("^job[0-9a-f]{8}$", answer.Str("resource_id"));

            var detail = await _service.GetAsync($"/training-jobs/{answer.Long("job_id")}/versions/{answer.Long("version_id")}");
            Assert.Equal("create_me", detail.Str("job_name"));
            Assert.Equal(7, detail.Body.GetProperty("status").GetInt32());
            Assert.Equal("2", detail.Str("core"));
            Assert.Equal("modelarts.vm.cpu.2u", detail.Str("spec_code"));
            Assert.Equal("TensorFlow", detail.Str("engine_name"));
            Assert.Equal("/test-bucket/create_me/code/train.py", detail.Str("boot_file_url"));
            Assert.Equal("{}", detail.Str("model_metric_list"));
            Assert.Equal(0, detail.Long("duration"));
        }

        [Fact]
        public async Task DuplicateNameIs0103()
        {
            await BlockRunnerAsync();
            Assert.Equal(HttpStatusCode.OK, (await _service.PostAsync("/training-jobs", TestService.JobBody("twice"))).Status);
            var again = await _service.PostAsync("/training-jobs", TestService.JobBody("twice"));
            Assert.Equal(HttpStatusCode.BadRequest, again.Status);
            Assert.Equal("ModelArts.0103", again.Code);
        }

        public static IEnumerable<object[]> InvalidCreates() => new (string Name, Action<Dictionary<string, object?>, Dictionary<string, object?>> Change, string Code)[]
        {
            ("no name", (b, c) => b.Remove("job_name"), "ModelArts.0101"),
            ("bad name", (b, c) => b["job_name"] = "has space", "ModelArts.0101"),
            ("long name", (b, c) => b["job_name"] = new string('a', 65), "ModelArts.0101"),
            ("name not string", (b, c) => b["job_name"] = 12, "ModelArts.0101"),
            ("long desc", (b, c) => b["job_desc"] = new string('d', 257), "ModelArts.0101"),
            ("no config", (b, c) => b.Remove("config"), "ModelArts.0101"),
            ("no workers", (b, c) => c.Remove("worker_server_num"), "ModelArts.0101"),
            ("zero workers", (b, c) => c["worker_server_num"] = 0, "ModelArts.0101"),
            ("workers as string", (b, c) => c["worker_server_num"] = "1", "ModelArts.0101"),
            ("too many workers", (b, c) => c["worker_server_num"] = 6, "ModelArts.0104"),
            ("no flavor", (b, c) => c.Remove("spec_id"), "ModelArts.0101"),
            ("unknown spec", (b, c) => c["spec_id"] = 999, "ModelArts.0104"),
            ("unknown flavor code", (b, c) => { c.Remove("spec_id"); c["flavor"] = new { code = "modelarts.vm.cpu.99u" }; }, "ModelArts.0104"),
            ("flavor and spec disagree", (b, c) => c["flavor"] = new { code = "modelarts.vm.cpu.8u" }, "ModelArts.0104"),
            ("sold out", (b, c) => c["spec_id"] = 16, "ModelArts.0104"),
            ("pool", (b, c) => c["pool_id"] = "pool55b74902", "ModelArts.0104"),
            ("no engine", (b, c) => c.Remove("engine_id"), "ModelArts.0101"),
            ("unknown engine", (b, c) => c["engine_id"] = 4242, "ModelArts.0104"),
            ("model id", (b, c) => c["model_id"] = 4, "ModelArts.0104"),
            ("no app url", (b, c) => c.Remove("app_url"), "ModelArts.0101"),
            ("no boot file", (b, c) => c.Remove("boot_file_url"), "ModelArts.0101"),
            ("boot file outside code", (b, c) => c["boot_file_url"] = "/test-bucket/other/train.py", "ModelArts.0104"),
            ("boot file is a dir", (b, c) => c["boot_file_url"] = "/test-bucket/valid_name/code/sub/", "ModelArts.0104"),
            ("escaping app url", (b, c) => c["app_url"] = "/test-bucket/../../etc/", "ModelArts.0104"),
            ("no data", (b, c) => c.Remove("data_url"), "ModelArts.0101"),
            ("data twice", (b, c) => c["data_source"] = new[] { new { type = "obs", data_url = "/test-bucket/data/" } }, "ModelArts.0104"),
            ("dataset half", (b, c) => { c.Remove("data_url"); c["dataset_id"] = "ds1"; }, "ModelArts.0101"),
            ("dataset unknown", (b, c) => { c.Remove("data_url"); c["dataset_id"] = "ds1"; c["dataset_version_id"] = "v9"; }, "ModelArts.0901"),
            ("dataset source unknown", (b, c) => { c.Remove("data_url"); c["data_source"] = new[] { new { type = "dataset", dataset_id = "ds1", dataset_version = "v9" } }; }, "ModelArts.0901"),
            ("data source bad type", (b, c) => { c.Remove("data_url"); c["data_source"] = new[] { new { type = "ftp", data_url = "/test-bucket/data/" } }; }, "ModelArts.0101"),
            ("data source empty", (b, c) => { c.Remove("data_url"); c["data_source"] = Array.Empty<object>(); }, "ModelArts.0101"),
            ("parameter not object", (b, c) => c["parameter"] = new[] { "lr=1" }, "ModelArts.0101"),
            ("parameter value number", (b, c) => c["parameter"] = new[] { new { label = "lr", value = (object)0.1 } }, "ModelArts.0101"),
            ("parameter bad label", (b, c) => c["parameter"] = new[] { new { label = "--lr", value = "1" } }, "ModelArts.0101"),
            ("parameter twice", (b, c) => c["parameter"] = new[] { new { label = "lr", value = "1" }, new { label = "lr", value = "2" } }, "ModelArts.0104"),
            ("image without command", (b, c) => c["user_image_url"] = "swr.example/img:1", "ModelArts.0101"),
            ("bad train url", (b, c) => c["train_url"] = "relative/out/", "ModelArts.0104"),
            ("bad log url", (b, c) => c["log_url"] = "/test-bucket/a%2F..%2Fb/", "ModelArts.0104"),
        }.Select(x => new object[] { x.Name, x.Change, x.Code });

        [Theory]
        [MemberData(nameof(InvalidCreates))]
        public async Task InvalidCreateIsRefusedWithTheRightCode(string name, Action<Dictionary<string, object?>, Dictionary<string, object?>> change, string code)
        {
            var body = TestService.JobBody("valid_name");
            change(body, (Dictionary<string, object?>)body["config"]!);
            var answer = await _service.PostAsync("/training-jobs", body);
            Assert.True(answer.Code == code, $"{name}: {answer.Body}");
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal(0, (await _service.GetAsync("/training-jobs")).Body.GetProperty("job_total_count").GetInt32());
        }

        [Theory]
        [InlineData("not json")]
        [InlineData("[1,2]")]
        [InlineData("")]
        public async Task NonObjectBodyIs0101(string body)
        {
            Assert.Equal("ModelArts.0101", (await _service.PostAsync("/training-jobs", body)).Code);
        }

        [Fact]
        public async Task DatasetJobIsAcceptedWhenTheDirectoryExists()
        {
            Directory.CreateDirectory(Path.Combine(_service.DataRoot, "datasets", "ds1", "v1"));
            var body = TestService.JobBody("with_dataset");
            var config = (Dictionary<string, object?>)body["config"]!;
            config.Remove("data_url");
            config["dataset_id"] = "ds1";
            config["dataset_version_id"] = "v1";
            await BlockRunnerAsync();
            Assert.Equal(HttpStatusCode.OK, (await _service.PostAsync("/training-jobs", body)).Status);
        }

        [Fact]
        public async Task ListPagesSortsSearchesAndFilters()
        {
            await BlockRunnerAsync();
            foreach (var name in new[] { "beta", "alpha", "gamma", "alpha_two" })
            {
                Assert.Equal(HttpStatusCode.OK, (await _service.PostAsync("/training-jobs", TestService.JobBody(name))).Status);
            }
            var all = await _service.GetAsync("/training-jobs?per_page=2&page=1&sortBy=job_name&order=asc");
            Assert.Equal(5, all.Body.GetProperty("job_total_count").GetInt32());
            Assert.Equal(new[] { "alpha", "alpha_two" }, Names(all));
            Assert.Equal(10000, all.Body.GetProperty("quotas").GetInt32());
            Assert.Equal(9995, all.Body.GetProperty("job_count_limit").GetInt32());
            Assert.Equal("ma-user", all.Body.GetProperty("jobs")[0].GetProperty("user").GetProperty("name").GetString());

            Assert.Equal(new[] { "beta", "blocker" }, Names(await _service.GetAsync("/training-jobs?per_page=2&page=2&sort_by=job_name")));
            Assert.Equal(new[] { "gamma", "blocker" }, Names(await _service.GetAsync("/training-jobs?per_page=2&sortBy=job_name&order=desc")));
            Assert.Equal(new[] { "alpha_two", "alpha" }, Names(await _service.GetAsync("/training-jobs?search_content=ALPHA&sortBy=create_time&order=desc")));
            Assert.Equal(new[] { "blocker" }, Names(await _service.GetAsync("/training-jobs?status=8")));
            Assert.Equal(4, Names(await _service.GetAsync("/training-jobs?status=7")).Length);
            Assert.Empty(Names(await _service.GetAsync("/training-jobs?page=4&per_page=2")));

            foreach (var bad in new[] { "per_page=0", "per_page=1001", "page=0", "page=x", "sortBy=owner", "order=up", "search_content=" + new string('s', 65), "status=abc" })
            {
                Assert.Equal("ModelArts.0101", (await _service.GetAsync("/training-jobs?" + bad)).Code);
            }
        }

        [Fact]
        public async Task GetUpdateAndDeleteAJob()
        {
            await BlockRunnerAsync();
            var created = await _service.PostAsync("/training-jobs", TestService.JobBody("editable"));
            var job = created.Long("job_id");

            var detail = await _service.GetAsync($"/training-jobs/{job}");
            Assert.Equal(created.Long("version_id"), detail.Long("version_id"));

            Assert.True((await _service.PutAsync($"/training-jobs/{job}", new { job_desc = "new words" })).Body.GetProperty("is_success").GetBoolean());
            Assert.Equal("new words", (await _service.GetAsync($"/training-jobs/{job}")).Str("job_desc"));
            Assert.Equal("ModelArts.0101", (await _service.PutAsync($"/training-jobs/{job}", new { job_desc = new string('x', 257) })).Code);
            Assert.Equal("ModelArts.0101", (await _service.PutAsync($"/training-jobs/{job}", new { other = 1 })).Code);
            Assert.Equal("ModelArts.0015", (await _service.PutAsync("/training-jobs/424242", new { job_desc = "x" })).Code);

            Assert.True((await _service.DeleteAsync($"/training-jobs/{job}")).Body.GetProperty("is_success").GetBoolean());
            Assert.Equal("ModelArts.0015", (await _service.GetAsync($"/training-jobs/{job}")).Code);
            Assert.Equal("ModelArts.0015", (await _service.DeleteAsync($"/training-jobs/{job}")).Code);
            Assert.Equal("ModelArts.0101", (await _service.GetAsync("/training-jobs/abc")).Code);

            // The name is free again.
            Assert.Equal(HttpStatusCode.OK, (await _service.PostAsync("/training-jobs", TestService.JobBody("editable"))).Status);
        }

        [Fact]
        public async Task VersionsAreNumberedAndInheritTheirPredecessor()
        {
            await BlockRunnerAsync();
            var created = await _service.PostAsync("/training-jobs", TestService.JobBody("versioned", parameters: new[] { ("lr", "0.1") }));
            var job = created.Long("job_id");
            var first = created.Long("version_id");

            var second = await _service.PostAsync($"/training-jobs/{job}/versions", new { job_desc = "v2", config = new { pre_version_id = first, train_url = "/test-bucket/v2/" } });
            Assert.Equal("V0002", second.Str("version_name"));
            var v2 = await _service.GetAsync($"/training-jobs/{job}/versions/{second.Long("version_id")}");
            Assert.Equal(first, v2.Long("pre_version_id"));
            Assert.Equal("/test-bucket/v2/", v2.Str("train_url"));
            Assert.Equal("lr", v2.Body.GetProperty("parameter")[0].GetProperty("label").GetString());

            var third = await _service.PostAsync($"/training-jobs/{job}/versions/", new { config = new { pre_version_id = first, spec_id = 27, data_source = new[] { new { type = "obs", data_url = "/test-bucket/data/" } } } });
            Assert.Equal("V0003", third.Str("version_name"));
            var v3 = await _service.GetAsync($"/training-jobs/{job}/versions/{third.Long("version_id")}");
            Assert.Equal(JsonValueKind.Null, v3.Body.GetProperty("data_url").ValueKind);
            Assert.Equal("8", v3.Str("core"));

            Assert.Equal("ModelArts.0101", (await _service.PostAsync($"/training-jobs/{job}/versions", new { config = new { train_url = "/test-bucket/x/" } })).Code);
            Assert.Equal("ModelArts.0104", (await _service.PostAsync($"/training-jobs/{job}/versions", new { config = new { pre_version_id = 1 } })).Code);
            Assert.Equal("ModelArts.0015", (await _service.PostAsync("/training-jobs/4242/versions", new { config = new { pre_version_id = first } })).Code);

            var list = await _service.GetAsync($"/training-jobs/{job}/versions");
            Assert.Equal(3, list.Body.GetProperty("version_count").GetInt32());
            Assert.Equal(new[] { "V0003", "V0002", "V0001" }, list.Body.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version_name").GetString()).ToArray());
            Assert.False(list.Body.GetProperty("versions")[0].TryGetProperty("job_name", out _));
            var paged = await _service.GetAsync($"/training-jobs/{job}/versions?per_page=2&page=2");
            Assert.Equal(new[] { "V0001" }, paged.Body.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version_name").GetString()).ToArray());
            Assert.Equal(3, (await _service.GetAsync("/training-jobs?search_content=versioned")).Body.GetProperty("jobs")[0].GetProperty("version_count").GetInt32());

            Assert.True((await _service.DeleteAsync($"/training-jobs/{job}/versions/{second.Long("version_id")}")).Body.GetProperty("is_success").GetBoolean());
            Assert.Equal("ModelArts.0015", (await _service.GetAsync($"/training-jobs/{job}/versions/{second.Long("version_id")}")).Code);
            Assert.Equal("ModelArts.0015", (await _service.DeleteAsync($"/training-jobs/{job}/versions/{second.Long("version_id")}")).Code);
            Assert.Equal(2, (await _service.GetAsync($"/training-jobs/{job}/versions")).Body.GetProperty("version_count").GetInt32());
        }

        [Fact]
        public async Task StopIsForRunningOrWaitingVersions()
        {
            var (job, version) = await BlockRunnerAsync();
            var queued = await _service.PostAsync("/training-jobs", TestService.JobBody("queued"));
            var stopQueued = await _service.PostAsync($"/training-jobs/{queued.Long("job_id")}/versions/{queued.Long("version_id")}/stop");
            Assert.True(stopQueued.Body.GetProperty("is_success").GetBoolean());
            Assert.Equal(12, (await _service.GetAsync($"/training-jobs/{queued.Long("job_id")}/versions/{queued.Long("version_id")}")).Body.GetProperty("status").GetInt32());
            Assert.True((await _service.PostAsync($"/training-jobs/{queued.Long("job_id")}/versions/{queued.Long("version_id")}/stop")).Body.GetProperty("is_success").GetBoolean());

            Assert.Equal("ModelArts.0015", (await _service.PostAsync($"/training-jobs/{job}/versions/1/stop")).Code);
            Assert.True((await _service.PostAsync($"/training-jobs/{job}/versions/{version}/stop")).Body.GetProperty("is_success").GetBoolean());
            await _service.WaitForEndAsync(job, version);
        }

        [Fact]
        public async Task LogEndpointsValidateTheirArguments()
        {
            var (job, version) = await BlockRunnerAsync();
            var names = await _service.GetAsync($"/training-jobs/{job}/versions/{version}/log/file-names");
            Assert.Equal("job-blocker.0", names.Body.GetProperty("log_file_list")[0].GetString());
            var log = $"/training-jobs/{job}/versions/{version}/aom-log";
            Assert.Equal("ModelArts.0101", (await _service.GetAsync(log)).Code);
            Assert.Equal("ModelArts.0015", (await _service.GetAsync(log + "?log_file=job-other.0")).Code);
            Assert.Equal("ModelArts.0101", (await _service.GetAsync(log + "?log_file=job-blocker.0&lines=501")).Code);
            Assert.Equal("ModelArts.0101", (await _service.GetAsync(log + "?log_file=job-blocker.0&order=sideways")).Code);
            Assert.Equal("ModelArts.0101", (await _service.GetAsync(log + "?log_file=job-blocker.0&base_line=12")).Code);
        }

        [Fact]
        public async Task OversizedBodyIs413()
        {
            var body = "{\"job_name\":\"" + new string('x', 1024 * 1024) + "\"}";
            var answer = await _service.PostAsync("/training-jobs", body);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        }

        private static string[] Names(Answer list) =>
            list.Body.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_name").GetString()!).ToArray();

        /// <summary>Starts a sleeping job that holds the only run slot, so jobs created after it stay WAITING.</summary>
        private async Task<(long Job, long Version)> BlockRunnerAsync()
        {
            var ids = await _service.CreatePythonJobAsync("blocker", "import time\nprint('blocking', flush=True)\ntime.sleep(60)\n");
            await _service.WaitForStatusAsync(ids.Job, ids.Version, s => s == 8);
            return ids;
        }
    }
}
