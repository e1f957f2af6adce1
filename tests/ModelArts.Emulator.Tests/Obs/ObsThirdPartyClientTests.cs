using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace ModelArts.Emulator.Tests.Obs
{
    /// <summary>
    /// Real S3 clients against the service: the AWS CLI (SigV4), rclone (S3 provider, SigV4) and s3cmd (V2 signatures)
    /// upload a folder tree, list it, download it byte-identical and delete it; a job reads what the AWS CLI uploaded
    /// and the AWS CLI downloads what the job wrote.
    /// </summary>
    public sealed class ObsThirdPartyClientTests : IAsyncLifetime
    {
        private TestService _service = null!;
        private string _home = null!;

        public async Task InitializeAsync()
        {
            _service = await TestService.StartAsync();
            _home = TestService.NewDirectory();
        }

        public async Task DisposeAsync()
        {
            await _service.DisposeAsync();
            Directory.Delete(_home, recursive: true);
        }

        [AwsCliFact]
        public async Task AwsCliCopiesListsSyncsAndRemovesATree()
        {
            var tree = MakeTree("aws-tree");
            await AwsAsync("s3", "mb", "s3://aws-bucket");
            await AwsAsync("s3", "cp", "--recursive", "--only-show-errors", tree, "s3://aws-bucket/up/");
            Assert.Equal(Files(tree).Select(f => "up/" + f).OrderBy(f => f, StringComparer.Ordinal), FilesOf("aws-bucket"));

            var listed = await AwsAsync("s3", "ls", "--recursive", "s3://aws-bucket/up/");
            var keys = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries)[3]).ToList();
            Assert.Equal(Files(tree).Select(f => "up/" + f).OrderBy(f => f, StringComparer.Ordinal), keys);
            var top = await AwsAsync("s3", "ls", "s3://aws-bucket/up/");
            Assert.Contains("PRE data/", top.Output);

            var down = Path.Combine(_home, "aws-down");
            await AwsAsync("s3", "sync", "--only-show-errors", "s3://aws-bucket/up/", down);
            AssertSameTree(tree, down);
            var again = await AwsAsync("s3", "sync", "s3://aws-bucket/up/", down);
            Assert.Equal("", again.Output.Trim()); // nothing changed, nothing copied: sizes and times agree

            await AwsAsync("s3", "rm", "--recursive", "--only-show-errors", "s3://aws-bucket/up/");
            Assert.Empty(FilesOf("aws-bucket"));
            Assert.Equal("", (await AwsAsync("s3", "ls", "--recursive", "s3://aws-bucket/")).Output.Trim());
            await AwsAsync("s3", "rb", "s3://aws-bucket");
            Assert.False(Directory.Exists(_service.ObsPath("aws-bucket")));
        }

        [AwsCliFact]
        public async Task AJobReadsWhatTheAwsCliUploadedAndTheCliDownloadsWhatTheJobWrote()
        {
            var local = Path.Combine(_home, "job-input");
            Directory.CreateDirectory(local);
            File.WriteAllText(Path.Combine(local, "train.py"), @"
import argparse, os
parser = argparse.ArgumentParser()
parser.add_argument('--data_url')
parser.add_argument('--train_url')
args = parser.parse_args()
text = open(os.path.join(args.data_url, 'input.txt')).read()
with open(os.path.join(args.train_url, 'model.txt'), 'w') as f:
    f.write('trained on ' + text.upper())
print('read', len(text), 'characters')
");
            File.WriteAllText(Path.Combine(local, "input.txt"), "uploaded by the aws cli");
            await AwsAsync("s3", "mb", "s3://test-bucket");
            await AwsAsync("s3", "cp", "--only-show-errors", Path.Combine(local, "train.py"), "s3://test-bucket/aws_job/code/train.py");
            await AwsAsync("s3", "cp", "--only-show-errors", Path.Combine(local, "input.txt"), "s3://test-bucket/data/input.txt");

            var created = await _service.PostAsync("/training-jobs", TestService.JobBody("aws_job"));
            Assert.True(created.Status == System.Net.HttpStatusCode.OK, created.Body.ToString());
            var (job, version) = (created.Long("job_id"), created.Long("version_id"));
            var detail = await _service.WaitForEndAsync(job, version);
            Assert.True(detail.Body.GetProperty("status").GetInt32() == 10, await _service.WholeLogAsync(job, version, "job-aws-job.0"));

            var down = Path.Combine(_home, "job-output");
            await AwsAsync("s3", "cp", "--recursive", "--only-show-errors", "s3://test-bucket/aws_job/output/", down);
            Assert.Equal("trained on UPLOADED BY THE AWS CLI", File.ReadAllText(Path.Combine(down, "model.txt")));
        }

        [RcloneFact]
        public async Task RcloneCopiesListsChecksAndPurgesATree()
        {
            var tree = MakeTree("rclone-tree");
            await RcloneAsync("mkdir", "local:rclone-bucket");
            await RcloneAsync("copy", tree, "local:rclone-bucket/up");
            var listed = await RcloneAsync("lsf", "-R", "--files-only", "local:rclone-bucket/up");
            Assert.Equal(Files(tree).OrderBy(f => f, StringComparer.Ordinal), listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(f => f, StringComparer.Ordinal));
            await RcloneAsync("check", tree, "local:rclone-bucket/up");
            var down = Path.Combine(_home, "rclone-down");
            await RcloneAsync("copy", "local:rclone-bucket/up", down);
            AssertSameTree(tree, down);
            await RcloneAsync("purge", "local:rclone-bucket");
            Assert.False(Directory.Exists(_service.ObsPath("rclone-bucket")));
        }

        [S3cmdFact]
        public async Task S3cmdWithV2SignaturesPutsListsGetsAndDeletesATree()
        {
            var tree = MakeTree("s3cmd-tree");
            await S3cmdAsync("mb", "s3://s3cmd-bucket");
            await S3cmdAsync("put", "--recursive", "--no-progress", tree + "/", "s3://s3cmd-bucket/up/");
            Assert.Equal(Files(tree).Select(f => "up/" + f).OrderBy(f => f, StringComparer.Ordinal), FilesOf("s3cmd-bucket"));
            var listed = await S3cmdAsync("ls", "--recursive", "s3://s3cmd-bucket/up/");
            Assert.Equal(Files(tree).Count, listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            var down = Path.Combine(_home, "s3cmd-down");
            Directory.CreateDirectory(down);
            await S3cmdAsync("get", "--recursive", "--no-progress", "s3://s3cmd-bucket/up/", down + "/");
            AssertSameTree(tree, down);
            await S3cmdAsync("del", "--recursive", "--force", "s3://s3cmd-bucket/up/");
            Assert.Empty(FilesOf("s3cmd-bucket"));
            await S3cmdAsync("rb", "s3://s3cmd-bucket");
        }

        private async Task<ClientRun> AwsAsync(params string[] args)
        {
            var run = await ExternalClient.RunAsync(ExternalClient.Aws!, new[] { "--endpoint-url", _service.BaseUrl }.Concat(args),
                ExternalClient.AwsEnvironment(_service, _home), _home);
            Assert.True(run.ExitCode == 0, run.Describe("aws " + string.Join(" ", args)));
            return run;
        }

        private async Task<ClientRun> RcloneAsync(params string[] args)
        {
            var environment = new Dictionary<string, string>
            {
                ["RCLONE_CONFIG"] = Path.Combine(_home, "rclone.conf"),
                ["RCLONE_CONFIG_LOCAL_TYPE"] = "s3",
                ["RCLONE_CONFIG_LOCAL_PROVIDER"] = "Other",
                ["RCLONE_CONFIG_LOCAL_ACCESS_KEY_ID"] = _service.Options.AccessKey,
                ["RCLONE_CONFIG_LOCAL_SECRET_ACCESS_KEY"] = _service.Options.SecretKey,
                ["RCLONE_CONFIG_LOCAL_ENDPOINT"] = _service.BaseUrl,
                ["RCLONE_CONFIG_LOCAL_REGION"] = "local-1",
                ["RCLONE_CONFIG_LOCAL_FORCE_PATH_STYLE"] = "true",
            };
            File.WriteAllText(environment["RCLONE_CONFIG"], "");
            var run = await ExternalClient.RunAsync(ExternalClient.Rclone!, args, environment, _home);
            Assert.True(run.ExitCode == 0, run.Describe("rclone " + string.Join(" ", args)));
            return run;
        }

        private async Task<ClientRun> S3cmdAsync(params string[] args)
        {
            var config = Path.Combine(_home, "s3cfg");
            var host = new Uri(_service.BaseUrl).Authority;
            File.WriteAllText(config, $"[default]\naccess_key = {_service.Options.AccessKey}\nsecret_key = {_service.Options.SecretKey}\nhost_base = {host}\n"
                + $"host_bucket = {host}\nuse_https = False\nsignature_v2 = True\nbucket_location = local-1\n");
            var run = await ExternalClient.RunAsync(ExternalClient.S3cmd!, new[] { "-c", config }.Concat(args), new Dictionary<string, string>(), _home);
            Assert.True(run.ExitCode == 0, run.Describe("s3cmd " + string.Join(" ", args)));
            return run;
        }

        /// <summary>Nested folders, odd names, a 9 MB file (multipart for the AWS CLI) and an empty folder, which clients skip.</summary>
        private string MakeTree(string name)
        {
            var root = Path.Combine(_home, name);
            var random = new Random(42);
            void Write(string relative, byte[] content)
            {
                var path = Path.Combine(root, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, content);
            }
            byte[] Bytes(int size)
            {
                var bytes = new byte[size];
                random.NextBytes(bytes);
                return bytes;
            }
            Write("readme.md", Encoding.UTF8.GetBytes("# a tree\n"));
            Write("data/train.csv", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i},{i * i}\n"))));
            Write("data/images/img 01.bin", Bytes(300_000));
            Write("data/large.bin", Bytes(9 * 1024 * 1024));
            Write("names/ümlaut+plus.txt", Encoding.UTF8.GetBytes("unicode"));
            Write("names/empty.txt", Array.Empty<byte>());
            Directory.CreateDirectory(Path.Combine(root, "empty-folder"));
            return root;
        }

        private static List<string> Files(string root) =>
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList();

        private List<string> FilesOf(string bucket) => Files(_service.ObsPath(bucket)).OrderBy(f => f, StringComparer.Ordinal).ToList();

        private static void AssertSameTree(string expected, string actual)
        {
            Assert.Equal(Files(expected).OrderBy(f => f, StringComparer.Ordinal), Files(actual).OrderBy(f => f, StringComparer.Ordinal));
            foreach (var file in Files(expected))
            {
                Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), file);
            }
        }
    }
}
