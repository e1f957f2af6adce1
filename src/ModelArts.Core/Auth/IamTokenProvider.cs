using System;
using System.Globalization;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;

namespace ModelArts.Core.Auth
{
    /// <summary>
    /// Trades a user name and password for a project-scoped IAM token and keeps it until shortly before it
    /// expires. Tokens live 24 h, so one sign-in usually serves a whole session.
    /// </summary>
    internal sealed class IamTokenProvider
    {
        private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromMinutes(5);

        private readonly HttpPipeline pipeline;
        private readonly PasswordCredentials credentials;
        private readonly Uri tokensUri;
        private readonly string? projectId;
        private readonly string? projectName;
        private readonly Func<DateTimeOffset> clock;
        private readonly Cached<string> cache;

        public IamTokenProvider(
            HttpPipeline pipeline, PasswordCredentials credentials, Uri iamEndpoint, string? projectId, string? projectName, Func<DateTimeOffset> clock)
        {
            this.pipeline = pipeline;
            this.credentials = credentials;
            tokensUri = Url.IamV3(iamEndpoint, "auth/tokens");
            this.projectId = projectId;
            this.projectName = projectName;
            this.clock = clock;
            cache = new Cached<string>(clock);
        }

        /// <summary>The project the token is scoped to, known after the first sign-in.</summary>
        public string? ScopedProjectId { get; private set; }

        public Task<string> GetTokenAsync(CancellationToken cancellationToken) => cache.GetAsync(SignInAsync, cancellationToken);

        public void Invalidate() => cache.Invalidate();

        private async Task<(string, DateTimeOffset)> SignInAsync(CancellationToken cancellationToken)
        {
            var request = new ApiRequest(HttpMethod.Post, tokensUri, System.Text.Encoding.UTF8.GetBytes(RequestBody().ToJsonString()))
            {
                Authenticate = false,
                // Signing in twice only yields a second token.
                Idempotent = true,
                ContentType = "application/json;charset=utf8",
            };
            var response = await pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var token = response.Header("X-Subject-Token");
            var body = response.Read<WireTokenResponse>().Token;
            if (string.IsNullOrEmpty(token) || body?.ExpiresAt == null
                || !DateTimeOffset.TryParse(body.ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt))
            {
                throw new ModelArtsException(
                    ModelArtsErrorKind.InvalidResponse, "IAM answered without X-Subject-Token or expires_at.", response.StatusCode, null, response.RequestId, "POST", tokensUri);
            }

            ScopedProjectId = body.Project?.Id ?? ScopedProjectId;
            var now = clock();
            var margin = TimeSpan.FromTicks(Math.Min(MaxRefreshMargin.Ticks, Math.Max(0, (expiresAt - now).Ticks / 10)));
            Diagnostics.Verbose("Signed in to IAM as " + credentials.DomainName + "/" + credentials.UserName
                + "; the token expires at " + expiresAt.ToString("u", CultureInfo.InvariantCulture) + ".");
            return (token!, expiresAt - margin);
        }

        private JsonObject RequestBody()
        {
            var project = projectId != null ? new JsonObject { ["id"] = projectId } : new JsonObject { ["name"] = projectName };
            return new JsonObject
            {
                ["auth"] = new JsonObject
                {
                    ["identity"] = new JsonObject
                    {
                        ["methods"] = new JsonArray("password"),
                        ["password"] = new JsonObject
                        {
                            ["user"] = new JsonObject
                            {
                                ["name"] = credentials.UserName,
                                ["password"] = credentials.Password,
                                ["domain"] = new JsonObject { ["name"] = credentials.DomainName },
                            },
                        },
                    },
                    ["scope"] = new JsonObject { ["project"] = project },
                },
            };
        }

        internal sealed class WireTokenResponse
        {
            public WireToken? Token { get; set; }
        }

        internal sealed class WireToken
        {
            public string? ExpiresAt { get; set; }

            public WireProject? Project { get; set; }
        }

        internal sealed class WireProject
        {
            public string? Id { get; set; }

            public string? Name { get; set; }
        }
    }
}
