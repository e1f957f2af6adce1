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
    /// expires. Tokens live 24 h, so one sign-in usually serves a whole session. It signs in over a pipeline of its
    /// own, without authentication.
    /// </summary>
    internal sealed class IamTokenProvider
    {
        private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromMinutes(5);

        private readonly HttpPipeline _pipeline;
        private readonly PasswordCredentials _credentials;
        private readonly Uri _tokensUri;
        private readonly string? _projectId;
        private readonly string? _projectName;
        private readonly Func<DateTimeOffset> _clock;
        private readonly Cached<string> _cache;

        public IamTokenProvider(
            HttpPipeline pipeline, PasswordCredentials credentials, Uri iamEndpoint, string? projectId, string? projectName, Func<DateTimeOffset> clock)
        {
            _pipeline = pipeline;
            _credentials = credentials;
            _tokensUri = Url.IamV3(iamEndpoint, "auth/tokens");
            _projectId = projectId;
            _projectName = projectName;
            _clock = clock;
            _cache = new Cached<string>(clock);
        }

        /// <summary>The project the token is scoped to, known after the first sign-in.</summary>
        public string? ScopedProjectId { get; private set; }

        public Task<string> GetTokenAsync(CancellationToken cancellationToken) => _cache.GetAsync(SignInAsync, cancellationToken);

        public void Invalidate() => _cache.Invalidate();

        private async Task<(string, DateTimeOffset)> SignInAsync(CancellationToken cancellationToken)
        {
            var request = new ApiRequest(HttpMethod.Post, _tokensUri, System.Text.Encoding.UTF8.GetBytes(RequestBody().ToJsonString()))
            {
                // Signing in twice only yields a second token.
                Idempotent = true,
                ContentType = "application/json;charset=utf8",
            };
            var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var token = response.Header("X-Subject-Token");
            var body = response.Read<WireTokenResponse>().Token;
            if (string.IsNullOrEmpty(token) || body?.ExpiresAt == null
                || !DateTimeOffset.TryParse(body.ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt))
            {
                throw new ModelArtsException(
                    ModelArtsErrorKind.InvalidResponse, "IAM answered without X-Subject-Token or expires_at.", response.StatusCode, null, response.RequestId, "POST", _tokensUri);
            }

            ScopedProjectId = body.Project?.Id ?? ScopedProjectId;
            var now = _clock();
            var margin = TimeSpan.FromTicks(Math.Min(MaxRefreshMargin.Ticks, Math.Max(0, (expiresAt - now).Ticks / 10)));
            Diagnostics.Verbose("Signed in to IAM as " + _credentials.DomainName + "/" + _credentials.UserName
                + "; the token expires at " + expiresAt.ToString("u", CultureInfo.InvariantCulture) + ".");
            return (token!, expiresAt - margin);
        }

        private JsonObject RequestBody()
        {
            var project = _projectId != null ? new JsonObject { ["id"] = _projectId } : new JsonObject { ["name"] = _projectName };
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
                                ["name"] = _credentials.UserName,
                                ["password"] = _credentials.Password,
                                ["domain"] = new JsonObject { ["name"] = _credentials.DomainName },
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
