using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Tests
{
    public class AuthenticationTests
    {
        private const string Password = "p@ss w0rd-secret!";
        private readonly FakeTime time = new FakeTime();
        private int tokensIssued;
        private string? rejectToken;

        /// <summary>IAM issuing tokens "token-1", "token-2", … valid for 24 h; ModelArts accepting the current one.</summary>
        private FakeHandler Service(Func<SeenRequest, HttpResponseMessage?>? modelArts = null) => new FakeHandler(request =>
        {
            if (request.Path == "/v3/auth/tokens")
            {
                tokensIssued++;
                var response = Reply.Json(
                    "{\"token\":{\"methods\":[\"password\"],\"expires_at\":\"" + time.Now.AddHours(24).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ")
                    + "\",\"project\":{\"name\":\"eu-de\",\"id\":\"project-from-token\"}}}",
                    HttpStatusCode.Created);
                response.Headers.TryAddWithoutValidation("X-Subject-Token", "token-" + tokensIssued);
                return response;
            }

            if (request.Path == "/v3/projects") return Reply.Json("{\"projects\":[{\"id\":\"other\",\"name\":\"eu-de_sub\"},{\"id\":\"project-by-name\",\"name\":\"eu-de\"}]}");
            var intercepted = modelArts?.Invoke(request);
            if (intercepted != null) return intercepted;
            if (request.Headers.TryGetValue("X-Auth-Token", out var token) && token == rejectToken)
            {
                return Reply.Status(401, "{\"error_msg\":\"token expired\",\"error_code\":\"ModelArts.0202\"}");
            }

            return Reply.Json(FakeModelArts.Engines);
        });

        private ModelArtsClient PasswordClient(FakeHandler handler, string? projectId = null)
        {
            var options = TestClients.Options(handler, time, new PasswordCredentials("alice", Password, "acme"));
            options.ProjectId = projectId;
            options.ProjectName = "eu-de";
            return new ModelArtsClient(options);
        }

        [Fact]
        public async Task PasswordSignInAsksForAProjectScopedTokenAndUsesIt()
        {
            var handler = Service();
            using var client = PasswordClient(handler);

            await client.VerifyAsync();

            var signIn = handler.To("/v3/auth/tokens").Single();
            using var body = JsonDocument.Parse(signIn.Body);
            var auth = body.RootElement.GetProperty("auth");
            Assert.Equal("password", auth.GetProperty("identity").GetProperty("methods")[0].GetString());
            var user = auth.GetProperty("identity").GetProperty("password").GetProperty("user");
            Assert.Equal("alice", user.GetProperty("name").GetString());
            Assert.Equal(Password, user.GetProperty("password").GetString());
            Assert.Equal("acme", user.GetProperty("domain").GetProperty("name").GetString());
            Assert.Equal("eu-de", auth.GetProperty("scope").GetProperty("project").GetProperty("name").GetString());
            Assert.Equal("project-from-token", client.ProjectId);

            var call = handler.To("/job/ai-engines").Single();
            Assert.Equal("/v1/project-from-token/job/ai-engines", call.Path);
            Assert.Equal("token-1", call.Headers["X-Auth-Token"]);
            Assert.False(call.Headers.ContainsKey("Authorization"));
        }

        [Fact]
        public async Task AGivenProjectIdScopesTheTokenById()
        {
            var handler = Service();
            using var client = PasswordClient(handler, "given-project");

            await client.VerifyAsync();

            using var body = JsonDocument.Parse(handler.To("/v3/auth/tokens").Single().Body);
            Assert.Equal("given-project", body.RootElement.GetProperty("auth").GetProperty("scope").GetProperty("project").GetProperty("id").GetString());
            Assert.Equal("/v1/given-project/job/ai-engines", handler.To("/job/ai-engines").Single().Path);
        }

        [Fact]
        public async Task TheTokenIsCachedAndRefreshedBeforeItExpires()
        {
            var handler = Service();
            using var client = PasswordClient(handler);

            await client.VerifyAsync();
            time.Now += TimeSpan.FromHours(23);
            await client.VerifyAsync();
            Assert.Equal(1, tokensIssued);

            // Within the last five minutes of its life the token is no longer used.
            time.Now += TimeSpan.FromMinutes(56);
            await client.VerifyAsync();

            Assert.Equal(2, tokensIssued);
            Assert.Equal(new[] { "token-1", "token-1", "token-2" }, handler.To("/job/ai-engines").Select(r => r.Headers["X-Auth-Token"]));
        }

        [Fact]
        public async Task A401SignsInAgainOnceAndRetriesOnce()
        {
            var handler = Service();
            using var client = PasswordClient(handler);
            await client.VerifyAsync();
            rejectToken = "token-1";

            await client.VerifyAsync();

            Assert.Equal(2, tokensIssued);
            Assert.Equal(new[] { "token-1", "token-1", "token-2" }, handler.To("/job/ai-engines").Select(r => r.Headers["X-Auth-Token"]));
        }

        [Fact]
        public async Task ASecond401IsReportedNotLooped()
        {
            var handler = Service(_ => Reply.Status(401, "{\"error_msg\":\"no\",\"error_code\":\"ModelArts.0203\"}"));
            using var client = PasswordClient(handler, "p");

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.VerifyAsync());

            Assert.Equal(ModelArtsErrorKind.Authentication, e.Kind);
            Assert.Equal(2, tokensIssued);
            Assert.Equal(2, handler.To("/job/ai-engines").Count);
        }

        [Fact]
        public async Task AkSk401IsNotRetried()
        {
            var handler = Service(_ => Reply.Status(401, "{\"error_msg\":\"Incorrect IAM authentication information: verify aksk signature fail\",\"error_code\":\"APIG.0301\"}"));
            using var client = TestClients.Create(handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.VerifyAsync());

            Assert.Equal("APIG.0301", e.ErrorCode);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task WrongPasswordIsAnAuthenticationError()
        {
            var handler = new FakeHandler(_ => Reply.Status(401, "{\"error\":{\"code\":401,\"message\":\"The username or password is wrong.\",\"title\":\"Unauthorized\"}}"));
            using var client = PasswordClient(handler);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.VerifyAsync());

            Assert.Equal(ModelArtsErrorKind.Authentication, e.Kind);
            Assert.Contains("username or password is wrong", e.Message);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task AkSkLooksTheProjectUpByRegionName()
        {
            var handler = Service();
            var options = TestClients.Options(handler, time);
            options.ProjectId = null;
            options.ProjectName = "eu-de";
            using var client = new ModelArtsClient(options);

            await client.VerifyAsync();
            await client.VerifyAsync();

            var lookup = handler.To("/v3/projects").Single();
            Assert.Equal("eu-de", lookup.Query("name"));
            Assert.False(lookup.Headers.ContainsKey("X-Project-Id"));
            PipelineTests.AssertValidSignature(lookup, TestClients.SecretKey);
            Assert.All(handler.To("/job/ai-engines"), call =>
            {
                Assert.Equal("/v1/project-by-name/job/ai-engines", call.Path);
                Assert.Equal("project-by-name", call.Headers["X-Project-Id"]);
            });
        }

        [Fact]
        public void MissingProjectOrIamEndpointIsRefusedUpFront()
        {
            var handler = Service();
            var options = TestClients.Options(handler, time);
            options.ProjectId = null;
            Assert.Equal("MissingProject", Assert.Throws<ModelArtsValidationException>(() => new ModelArtsClient(options)).ErrorId);

            options.ProjectName = "eu-de";
            options.IamEndpoint = null;
            Assert.Equal("MissingIamEndpoint", Assert.Throws<ModelArtsValidationException>(() => new ModelArtsClient(options)).ErrorId);
        }

        [Fact]
        public void PlainHttpIsOnlyForLoopback()
        {
            var handler = Service();
            var options = TestClients.Options(handler, time);
            options.Endpoint = new Uri("http://modelarts.example.com");
            Assert.Equal("InsecureEndpoint", Assert.Throws<ModelArtsValidationException>(() => new ModelArtsClient(options)).ErrorId);

            options.Endpoint = new Uri("http://127.0.0.1:5000");
            options.IamEndpoint = new Uri("http://localhost:5000");
            using (new ModelArtsClient(options))
            {
            }

            options.Endpoint = new Uri("http://modelarts.example.com");
            options.AllowInsecureHttp = true;
            using (new ModelArtsClient(options))
            {
            }
        }
    }
}
