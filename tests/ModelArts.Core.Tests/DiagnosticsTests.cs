using System;
using System.Net;
using System.Threading.Tasks;
using ModelArts.Core.Auth;

namespace ModelArts.Core.Tests
{
    public class DiagnosticsTests
    {
        private const string Password = "Very$ecretPassw0rd";
        private const string SubjectToken = "MIIZ-subject-token-value-0123456789";
        private const string SecurityToken = "gAAAAAB-security-token-value";
        private readonly FakeTime time = new FakeTime();

        private FakeHandler Service() => new FakeHandler(request =>
        {
            if (request.Path == "/v3/auth/tokens")
            {
                var response = Reply.Json("{\"token\":{\"expires_at\":\"2099-01-01T00:00:00.000000Z\",\"project\":{\"id\":\"p1\"}}}", HttpStatusCode.Created);
                response.Headers.TryAddWithoutValidation("X-Subject-Token", SubjectToken);
                return response;
            }

            return Reply.Json(FakeModelArts.Engines, requestId: "req-42");
        });

        [Fact]
        public async Task DebugOutputShowsTheCallButNoPasswordOrToken()
        {
            var sink = new RecordingSink();
            var options = TestClients.Options(Service(), time, new PasswordCredentials("alice", Password, "acme"));
            options.ProjectId = null;
            options.ProjectName = "eu-de";
            using var client = new ModelArtsClient(options);

            using (Diagnostics.Use(sink))
            {
                await client.VerifyAsync();
            }

            var all = sink.All;
            Assert.DoesNotContain(Password, all);
            Assert.DoesNotContain(SubjectToken, all);
            Assert.Contains("HTTP POST https://iam.eu-de.otc.t-systems.com/v3/auth/tokens", all);
            Assert.Contains("\"password\":\"***\"", all);
            Assert.Contains("X-Subject-Token: ***", all);
            Assert.Contains("X-Auth-Token: ***", all);
            Assert.Contains("HTTP GET https://modelarts.eu-de.otc.t-systems.com/v1/p1/job/ai-engines", all);
            Assert.Contains("request id req-42", all);
            Assert.Contains("VERBOSE: Signed in to IAM as acme/alice", all);
        }

        [Theory]
        [InlineData(false, false)]
        [InlineData(true, false)]
        [InlineData(false, true)]
        public async Task OnlyTheLevelsTheSinkWantsAreSent(bool verbose, bool debug)
        {
            var sink = new RecordingSink { IsVerboseEnabled = verbose, IsDebugEnabled = debug };
            var options = TestClients.Options(Service(), time, new PasswordCredentials("alice", Password, "acme"));
            using var client = new ModelArtsClient(options);

            using (Diagnostics.Use(sink))
            {
                await client.VerifyAsync();
            }

            Assert.Equal(verbose, sink.Messages.Exists(m => m.StartsWith("VERBOSE: ", StringComparison.Ordinal)));
            Assert.Equal(debug, sink.Messages.Exists(m => m.StartsWith("DEBUG: ", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task DebugOutputShowsNoSecretKeySignatureOrSecurityToken()
        {
            var sink = new RecordingSink();
            var handler = Service();
            using var client = new ModelArtsClient(TestClients.Options(handler, time, new AccessKeyCredentials(TestClients.AccessKey, TestClients.SecretKey, SecurityToken)));

            using (Diagnostics.Use(sink))
            {
                await client.VerifyAsync();
            }

            var all = sink.All;
            Assert.DoesNotContain(TestClients.SecretKey, all);
            Assert.DoesNotContain(SecurityToken, all);
            var signature = AkSkSigner.ParseAuthorization(handler.Requests.ToArray()[0].Headers["Authorization"])!.Signature;
            Assert.DoesNotContain(signature, all);
            Assert.Contains("Authorization: ***", all);
            Assert.Contains("X-Security-Token: ***", all);
        }

        [Fact]
        public async Task EachFlowSeesOnlyItsOwnSink()
        {
            using var client = TestClients.Create(new FakeHandler(_ => Reply.Json(FakeModelArts.Engines)), time);
            var first = new RecordingSink();
            var second = new RecordingSink();

            await Task.WhenAll(
                Task.Run(async () =>
                {
                    using (Diagnostics.Use(first)) await client.VerifyAsync();
                }),
                Task.Run(async () =>
                {
                    using (Diagnostics.Use(second)) await client.GetFlavorsAsync();
                }));

            Assert.Contains("ai-engines", first.All);
            Assert.DoesNotContain("resource-specs", first.All);
            Assert.Contains("resource-specs", second.All);
            Assert.DoesNotContain("ai-engines", second.All);
        }

        [Fact]
        public async Task RetriesAreReportedAsVerbose()
        {
            var calls = 0;
            using var client = TestClients.Create(new FakeHandler(_ => ++calls == 1 ? Reply.Throttled("3") : Reply.Json(FakeModelArts.Engines)), time);
            var sink = new RecordingSink();

            using (Diagnostics.Use(sink))
            {
                await client.VerifyAsync();
            }

            Assert.Contains("VERBOSE: Attempt 1 of 4 failed", sink.All);
            Assert.Contains("retrying in 3 s as Retry-After asked", sink.All);
        }

        [Fact]
        public void TheRedactorMasksSecretFieldsAndTokenIds()
        {
            var body = System.Text.Encoding.UTF8.GetBytes(
                "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"id\":\"tok\",\"duration_seconds\":900}}},"
                + "\"credential\":{\"access\":\"AK\",\"secret\":\"SK\",\"securitytoken\":\"ST\"},\"id\":\"visible\"}");

            var text = Http.Redactor.Body(body);

            Assert.DoesNotContain("\"tok\"", text);
            Assert.DoesNotContain("\"SK\"", text);
            Assert.DoesNotContain("\"ST\"", text);
            Assert.Contains("\"visible\"", text);
            Assert.Contains("\"duration_seconds\":900", text);
        }
    }
}
