using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// An in-memory v1 service, just deep enough for the client's logic: catalogs, jobs, versions and
    /// aom-log paging exactly as contract §5 describes. <see cref="Intercept"/> injects failures.
    /// </summary>
    public sealed class FakeModelArts
    {
        public const string Flavors =
            "{\"is_success\":true,\"spec_total_count\":3,\"specs\":["
            + "{\"spec_id\":7,\"core\":\"2\",\"cpu\":\"8\",\"gpu_num\":0,\"gpu_type\":\"\",\"spec_code\":\"modelarts.vm.cpu.2u\",\"max_num\":1,\"no_resource\":false},"
            + "{\"spec_id\":\"27\",\"core\":8,\"cpu\":32,\"gpu_num\":\"0\",\"spec_code\":\"modelarts.vm.cpu.8u\",\"max_num\":\"4\",\"no_resource\":false},"
            + "{\"spec_id\":5,\"core\":\"8\",\"cpu\":\"64\",\"gpu_num\":1,\"gpu_type\":\"v100NV32\",\"spec_code\":\"modelarts.vm.gpu.v100NV\",\"max_num\":2,\"no_resource\":true}]}";

        public const string Engines =
            "{\"is_success\":true,\"engines\":["
            + "{\"engine_type\":1,\"engine_name\":\"TensorFlow\",\"engine_id\":3,\"engine_version\":\"TF-1.8.0-python2.7\"},"
            + "{\"engine_type\":1,\"engine_name\":\"TensorFlow\",\"engine_id\":4,\"engine_version\":\"TF-1.8.0-python3.6\"},"
            + "{\"engine_type\":\"10\",\"engine_name\":\"PyTorch\",\"engine_id\":\"41\",\"engine_version\":\"PyTorch-1.0.0-python3.6\"}]}";

        private const long FirstPosition = 1609121886518240330;

        private long nextJobId = 100;

        public FakeModelArts()
        {
            Handler = new FakeHandler(Answer);
        }

        public FakeHandler Handler { get; }

        /// <summary>Runs first; a non-null answer replaces the normal one.</summary>
        public Func<SeenRequest, HttpResponseMessage?>? Intercept { get; set; }

        public List<Job> Jobs { get; } = new List<Job>();

        /// <summary>Log lines per file name; position of line i is FirstPosition + i.</summary>
        public Dictionary<string, List<string>> Logs { get; } = new Dictionary<string, List<string>>();

        public int StatusOfJob { get; set; } = 8;

        public int WorkersOfJob { get; set; } = 1;

        /// <summary>Called on each status poll, e.g. to let a running job write more lines.</summary>
        public Action<int>? OnStatusPoll { get; set; }

        public int StatusPolls { get; private set; }

        public Job AddJob(string name, int status = 8)
        {
            var job = new Job(nextJobId++, name, status);
            Jobs.Add(job);
            return job;
        }

        public static string Position(int index) => (FirstPosition + index).ToString(CultureInfo.InvariantCulture);

        private HttpResponseMessage Answer(SeenRequest request)
        {
            var intercepted = Intercept?.Invoke(request);
            if (intercepted != null) return intercepted;

            var path = Regex.Replace(request.Path, "^/v1/[^/]+/", string.Empty);
            Match m;
            if (path == "job/resource-specs") return Reply.Json(Flavors);
            if (path == "job/ai-engines") return Reply.Json(Engines);
            if (path == "training-jobs" && request.Method == "GET") return List(request);
            if (path == "training-jobs" && request.Method == "POST") return Create(request);
            if ((m = Regex.Match(path, @"^training-jobs/(\d+)/versions$")).Success)
            {
                var job = Find(m);
                if (job == null) return NotFound();
                return Reply.Json("{\"is_success\":true,\"job_id\":" + job.Id + ",\"job_name\":\"" + job.Name + "\",\"job_desc\":\"d\",\"version_count\":2,\"versions\":["
                    + "{\"version_id\":" + (job.VersionId - 1) + ",\"version_name\":\"V0001\",\"status\":10,\"create_time\":1609121837000,\"duration\":1000},"
                    + "{\"version_id\":\"" + job.VersionId + "\",\"version_name\":\"V0002\",\"status\":\"" + job.Status + "\",\"create_time\":\"1609121837000\",\"duration\":\"2000\"}]}");
            }

            if ((m = Regex.Match(path, @"^training-jobs/(\d+)/versions/(\d+)$")).Success && request.Method == "GET")
            {
                var job = Find(m);
                if (job == null) return NotFound();
                StatusPolls++;
                OnStatusPoll?.Invoke(StatusPolls);
                return Reply.Json("{\"is_success\":true,\"job_id\":" + job.Id + ",\"job_name\":\"" + job.Name + "\",\"version_id\":" + m.Groups[2].Value
                    + ",\"version_name\":\"V0001\",\"status\":" + StatusOfJob + ",\"create_time\":1609121837000,\"duration\":532003,"
                    + "\"engine_id\":4,\"engine_name\":\"TensorFlow\",\"engine_version\":\"TF-1.8.0-python3.6\",\"spec_id\":27,\"flavor_code\":\"modelarts.vm.cpu.8u\","
                    + "\"worker_server_num\":" + WorkersOfJob + ",\"app_url\":\"/b/code/\",\"boot_file_url\":\"/b/code/train.py\",\"parameter\":[{\"label\":\"lr\",\"value\":0.01}],"
                    + "\"model_metric_list\":\"{}\",\"system_metric_list\":{\"cpuUsage\":[\"1\"]}}");
            }

            if ((m = Regex.Match(path, @"^training-jobs/(\d+)/versions/(\d+)/log/file-names$")).Success)
            {
                return Reply.Json(JsonSerializer.Serialize(new Dictionary<string, object> { ["is_success"] = true, ["log_file_list"] = Logs.Keys.ToList() }));
            }

            if ((m = Regex.Match(path, @"^training-jobs/(\d+)/versions/(\d+)/aom-log$")).Success) return AomLog(request);
            return Reply.Status(404, "{\"is_success\":false,\"error_code\":\"ModelArts.0015\",\"error_message\":\"no route " + path + "\"}");
        }

        private Job? Find(Match m) => Jobs.FirstOrDefault(j => j.Id == long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

        private static HttpResponseMessage NotFound() =>
            Reply.Status(404, "{\"is_success\":false,\"error_code\":\"ModelArts.0015\",\"error_message\":\"The resource you requested is not exist\"}");

        private HttpResponseMessage List(SeenRequest request)
        {
            var search = request.Query("search_content") ?? string.Empty;
            var perPage = int.Parse(request.Query("per_page") ?? "10", CultureInfo.InvariantCulture);
            var page = int.Parse(request.Query("page") ?? "1", CultureInfo.InvariantCulture);
            var matching = Jobs.Where(j => j.Name.Contains(search, StringComparison.Ordinal)).ToList();
            var rows = matching.Skip((page - 1) * perPage).Take(perPage).Select(j =>
                "{\"job_id\":" + j.Id + ",\"job_name\":\"" + j.Name + "\",\"version_id\":" + j.VersionId + ",\"status\":" + j.Status
                + ",\"create_time\":1524189990635,\"duration\":532003,\"job_desc\":\"\",\"version_count\":1}");
            return Reply.Json("{\"is_success\":true,\"quotas\":5,\"job_total_count\":" + matching.Count + ",\"jobs\":[" + string.Join(",", rows) + "]}");
        }

        private HttpResponseMessage Create(SeenRequest request)
        {
            using var body = JsonDocument.Parse(request.Body);
            var name = body.RootElement.GetProperty("job_name").GetString()!;
            if (Jobs.Any(j => j.Name == name))
            {
                return Reply.Status(400, "{\"is_success\":false,\"error_message\":\"Job name:" + name + " is existed\",\"error_code\":\"ModelArts.0103\"}");
            }

            var job = AddJob(name, 1);
            return Reply.Json("{\"version_name\":\"V0001\",\"job_name\":\"" + name + "\",\"create_time\":1609121837000,\"job_id\":" + job.Id
                + ",\"resource_id\":\"jobaedef089\",\"version_id\":" + job.VersionId + ",\"is_success\":true,\"status\":1}");
        }

        /// <summary>Contract §5: no base = last lines; desc = lines after base; asc = lines before base; both oldest first.</summary>
        private HttpResponseMessage AomLog(SeenRequest request)
        {
            var file = request.Query("log_file")!;
            var lines = int.Parse(request.Query("lines") ?? "50", CultureInfo.InvariantCulture);
            if (lines > 500) return Reply.Status(400, "{\"is_success\":false,\"error_code\":\"ModelArts.0101\",\"error_message\":\"lines > 500\"}");
            var all = Logs.TryGetValue(file, out var list) ? list : new List<string>();
            var baseLine = request.Query("base_line");
            int from, to;
            if (string.IsNullOrEmpty(baseLine))
            {
                to = all.Count;
                from = Math.Max(0, to - lines);
            }
            else
            {
                var index = (int)(long.Parse(baseLine, CultureInfo.InvariantCulture) - FirstPosition);
                if (request.Query("order") == "asc")
                {
                    to = index;
                    from = Math.Max(0, to - lines);
                }
                else
                {
                    from = index + 1;
                    to = Math.Min(all.Count, from + lines);
                }
            }

            if (to <= from)
            {
                return Reply.Json(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["is_success"] = true, ["lines"] = 0, ["content"] = string.Empty, ["start_line"] = baseLine ?? string.Empty, ["end_line"] = baseLine ?? string.Empty,
                }));
            }

            // "lines" as a string, as one doc sample has it.
            return Reply.Json(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["is_success"] = true,
                ["lines"] = (to - from).ToString(CultureInfo.InvariantCulture),
                ["content"] = string.Join("\n", all.Skip(from).Take(to - from)) + "\n",
                ["start_line"] = Position(from),
                ["end_line"] = Position(to - 1),
            }));
        }

        public sealed class Job
        {
            public Job(long id, string name, int status)
            {
                Id = id;
                Name = name;
                Status = status;
                VersionId = id * 10;
            }

            public long Id { get; }

            public string Name { get; }

            public int Status { get; set; }

            public long VersionId { get; }
        }
    }
}
