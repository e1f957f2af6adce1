using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Core.Training;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// The module's whole outgoing path (client, pipeline, sender, AK/SK authenticator) signs v2 requests exactly as the
    /// official Python SDK's signer does. Expected values produced by huaweicloudsdkcore 3.1.211
    /// (huaweicloud-sdk-python-v3 commit 343a486b5c8a, huaweicloudsdkcore/signer/signer.py, class Signer) run by hand on
    /// the same inputs: AK/SK of <see cref="TestClients"/>, host modelarts.eu-de.otc.t-systems.com, X-Sdk-Date
    /// 20261128T150000Z, User-Agent ModelArts-PowerShell/1.2.3, X-Project-Id <see cref="TestClients.ProjectId"/>, with
    /// <c>PYTHONPATH=&lt;extracted huaweicloud-sdk-core&gt; /usr/bin/python3 -s</c> and, per vector,
    /// <c>Signer(keys).sign(SdkRequest(method, "https", host, resource_path, query_params, header_params, body))</c>.
    /// The SDK signs every header it is given (Content-Type and User-Agent included) but names with '_'.
    /// </summary>
    public class SdkSignerVectorTests
    {
        private const string JobId = "3f2a0c1e-8d4b-4e8a-9c51-7b0d2e6f1a90";

        [Theory]
        [InlineData("GET", "/v2/{project_id}/training-jobs/" + JobId, null, null,
            "host;user-agent;x-project-id;x-sdk-date", "c6aa4edfcf7cbe8def3a7c239ce0c96dd290e653d755323d12c3d62c52573e9c")]
        [InlineData("POST", "/v2/{project_id}/training-job-searches", "{\"limit\":1}", null,
            "content-type;host;user-agent;x-project-id;x-sdk-date", "7b436e2179b4054113fa0ecfe701d28210d911ef35aea7fee93f47939bc8c97e")]
        [InlineData("GET", "/v2/{project_id}/training-job-flavors?flavor_type=GPU&marker=a%2Fb%20c&Limit=2", null, null,
            "host;user-agent;x-project-id;x-sdk-date", "0c01d7f98c921c2314614de7d1412f8b2fb5ad3cae8c281a2f170b328b7416b2")]
        [InlineData("GET", "/v2/{project_id}/training-job-engines", null, "temporary-security-token",
            "host;user-agent;x-project-id;x-sdk-date;x-security-token", "09231ea43ac3510cc726e3f2f96fbe50d9eb35cf0db35bfc31f790a7047a7f5b")]
        public async Task TheModuleSignsAV2RequestAsThePythonSdk(string method, string path, string? body, string? securityToken, string signedHeaders, string signature)
        {
            var handler = new FakeHandler(_ => Reply.Json("{}"));
            var time = new FakeTime();
            var options = TestClients.Options(handler, time, new AccessKeyCredentials(TestClients.AccessKey, TestClients.SecretKey, securityToken));
            options.UserAgent = "ModelArts-PowerShell/1.2.3";
            options.TrainingApi = TrainingApi.V2;
            using var client = new ModelArtsClient(options);

            await client.InvokeRestAsync(method, path, body == null ? null : Encoding.UTF8.GetBytes(body), null, RestService.ModelArts);

            var sent = handler.Requests.Single();
            Assert.Equal(
                "SDK-HMAC-SHA256 Access=" + TestClients.AccessKey + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature,
                sent.Headers["Authorization"]);
        }
    }
}
