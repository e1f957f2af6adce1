using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Security
{
    /// <summary>Issue 15, items 1 and 7: symbolic links do not lead out of the data root, and log copies keep every line whole.</summary>
    public sealed class PathSecurityTests : IAsyncLifetime
    {
        private readonly string _outside = TestService.NewDirectory();
        private TestService _service = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync();
            // deep -> <outside>/a/b, trick -> deep/../.. : textually inside the bucket, physically <outside>.
            Directory.CreateDirectory(Path.Combine(_outside, "a", "b"));
            File.WriteAllText(Path.Combine(_outside, "train.py"), "open('escaped', 'w').write('x')\n");
            Directory.CreateDirectory(_service.ObsPath("bkt/code"));
            File.WriteAllText(_service.ObsPath("bkt/code/train.py"), "print('inside')\n");
            File.CreateSymbolicLink(_service.ObsPath("bkt/deep"), Path.Combine(_outside, "a", "b"));
            File.CreateSymbolicLink(_service.ObsPath("bkt/trick"), "deep/../..");
        }

        public async Task DisposeAsync()
        {
            await _service.DisposeAsync();
            Directory.Delete(_outside, recursive: true);
        }

        private static object Job(string name, string code = "/bkt/code/", string train = "/bkt/out/", string? log = null) => new
        {
            job_name = name,
            config = new
            {
                worker_server_num = 1,
                spec_id = 2,
                engine_id = 4,
                app_url = code,
                boot_file_url = code + "train.py",
                data_url = "/bkt/code/",
                train_url = train,
                log_url = log,
            },
        };

        [Theory]
        [InlineData("/bkt/trick/", "/bkt/out/", null)]
        [InlineData("/bkt/code/", "/bkt/trick/model/", null)]
        [InlineData("/bkt/code/", "/bkt/out/", "/bkt/trick/logs/")]
        public async Task LinkThenDotDotIsResolvedPhysicallyAndRefused(string code, string train, string? log)
        {
            var answer = await _service.PostAsync("/training-jobs", Job("trick", code, train, log));
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("ModelArts.0104", answer.Code);
            Assert.Contains("leads out of the data root", answer.Str("error_msg"));
            Assert.False(Directory.Exists(Path.Combine(_outside, "model")));
        }

        [Fact]
        public async Task LinkPlantedAtTheLogCopyNameIsNotFollowed()
        {
            var victim = Path.Combine(_outside, "victim");
            File.WriteAllText(victim, "");
            Directory.CreateDirectory(_service.ObsPath("bkt/logs"));
            File.CreateSymbolicLink(_service.ObsPath("bkt/logs/job-planted.0"), victim);

            var created = await _service.PostAsync("/training-jobs", Job("planted", log: "/bkt/logs/"));
            Assert.Equal(HttpStatusCode.OK, created.Status);
            var ended = await _service.WaitForEndAsync(created.Long("job_id"), created.Long("version_id"));
            Assert.Equal(11, ended.Body.GetProperty("status").GetInt32());
            Assert.Equal("", File.ReadAllText(victim));
            Assert.Contains("leads out of the data root", await _service.WholeLogAsync(created.Long("job_id"), created.Long("version_id"), "job-planted.0"));
        }

        [Fact]
        public async Task JobsWhoseLogNamesCollideKeepEveryLineWhole()
        {
            const int lines = 2000;
            // Each job tags its lines with the character that tells the two names apart.
            var jobs = await Task.WhenAll(new[] { "mix_up", "mix-up" }.Select(name => _service.CreatePythonJobAsync(name,
                "for i in range(" + lines + "):\n    print(f'" + name[3] + " {i} ' + 'x' * 200)\n", logUrl: "/test-bucket/shared-logs/")));
            foreach (var (job, version) in jobs)
            {
                Assert.Equal(10, (await _service.WaitForEndAsync(job, version)).Body.GetProperty("status").GetInt32());
            }
            var copy = File.ReadAllLines(_service.ObsPath("test-bucket/shared-logs/job-mix-up.0"));
            var whole = new Regex("^[_-] [0-9]+ x{200}\\z");
            var workerLines = copy.Where(l => !l.StartsWith("[ModelArts Service Log]")).ToList();
            Assert.All(workerLines, l => Assert.Matches(whole, l));
            Assert.Equal(lines, workerLines.Count(l => l[0] == '_'));
            Assert.Equal(lines, workerLines.Count(l => l[0] == '-'));
        }
    }
}
