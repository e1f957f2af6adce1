using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Auth
{
    /// <summary>The part of IAM (Keystone v3) a ModelArts client needs: password tokens and the project list.</summary>
    public static class IamEndpoints
    {
        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapPost("/v3/auth/tokens", IssueToken);
            app.MapGet("/v3/projects", ListProjects);
            app.MapPost("/v3.0/OS-CREDENTIAL/securitytokens", IssueTemporaryKey);
        }

        private static IResult IssueToken(HttpContext context, Account account, CredentialService credentials)
        {
            using var document = ParseBody(context);
            var identity = Property(document.RootElement, "auth", "identity");
            var methods = Property(identity, "methods");
            if (methods.ValueKind != JsonValueKind.Array || methods.GetArrayLength() == 0)
            {
                throw BadRequest("auth.identity.methods must list 'password' or 'token'.");
            }
            var method = methods[0].GetString();
            var userName = method switch
            {
                "password" => CheckPassword(Property(identity, "password", "user"), account),
                "token" => AsIam(() => credentials.ValidateToken(TokenFrom(context, identity))).UserName,
                _ => throw BadRequest($"The authentication method '{method}' is not supported."),
            };
            var projectId = Scope(document.RootElement, account);
            var (token, record) = credentials.IssueToken(userName, projectId);
            context.Response.Headers["X-Subject-Token"] = token;
            var withCatalog = string.IsNullOrEmpty(context.Request.Query["nocatalog"]);
            return Wire.Json(new { token = TokenBody(context, account, method!, record.IssuedAt, record.ExpiresAt, projectId, withCatalog) }, StatusCodes.Status201Created);
        }

        private static IResult ListProjects(HttpContext context, Account account, Authenticator authenticator)
        {
            AsIam(() => authenticator.Authenticate(context));
            var name = context.Request.Query["name"].ToString();
            var self = BaseUrl(context) + "/v3/projects";
            var project = new
            {
                domain_id = account.DomainId,
                is_domain = false,
                parent_id = account.DomainId,
                name = account.ProjectName,
                description = "",
                links = new { self = self + "/" + account.ProjectId },
                id = account.ProjectId,
                enabled = true,
            };
            var projects = new[] { project }.Where(p => name.Length == 0 || name == p.name).ToArray();
            return Wire.Json(new { projects, links = new { self, previous = (string?)null, next = (string?)null } });
        }

        /// <summary>A temporary AK/SK for the holder of a token; requests signed with it must carry X-Security-Token.</summary>
        private static IResult IssueTemporaryKey(HttpContext context, CredentialService credentials)
        {
            using var document = ParseBody(context);
            var identity = Property(document.RootElement, "auth", "identity");
            if (!Property(identity, "methods").EnumerateArray().Any(m => m.GetString() == "token"))
            {
                throw BadRequest("auth.identity.methods must be [\"token\"].");
            }
            AsIam(() => credentials.ValidateToken(TokenFrom(context, identity)));
            var seconds = identity.TryGetProperty("token", out var token) && token.TryGetProperty("duration_seconds", out var duration)
                ? duration.TryGetInt32(out var value) ? value : throw BadRequest("duration_seconds must be a whole number.")
                : (int)CredentialService.MinimumKeyLifetime.TotalSeconds;
            var lifetime = TimeSpan.FromSeconds(seconds);
            if (lifetime < CredentialService.MinimumKeyLifetime || lifetime > CredentialService.MaximumKeyLifetime)
            {
                throw BadRequest("duration_seconds must lie between 900 and 86400.");
            }
            var key = credentials.IssueTemporaryKey(lifetime);
            return Wire.Json(new
            {
                credential = new { access = key.AccessKey, secret = key.SecretKey, expires_at = IamTime(key.ExpiresAt), securitytoken = key.SecurityToken },
            }, StatusCodes.Status201Created);
        }

        /// <summary>Runs a credential check, answering its failure as IAM does rather than as the gateway does.</summary>
        private static T AsIam<T>(Func<T> check)
        {
            try
            {
                return check();
            }
            catch (ApiException e) when (e.Shape != ErrorShape.Iam)
            {
                throw ApiException.Iam(StatusCodes.Status401Unauthorized, "Unauthorized", e.Message);
            }
        }

        private static string CheckPassword(JsonElement user, Account account)
        {
            var name = OptionalString(user, "name");
            var id = OptionalString(user, "id");
            var domain = user.TryGetProperty("domain", out var d) ? d : default;
            var domainMatches = id != null
                || (domain.ValueKind == JsonValueKind.Object
                    && (OptionalString(domain, "name") == account.DomainName || OptionalString(domain, "id") == account.DomainId));
            var userMatches = (name != null && name == account.UserName) || (id != null && id == account.UserId);
            if (!userMatches || !domainMatches || !Account.SecretEquals(OptionalString(user, "password"), account.Password))
            {
                throw ApiException.Iam(StatusCodes.Status401Unauthorized, "Unauthorized", "The username or password is wrong.");
            }
            return account.UserName;
        }

        private static string TokenFrom(HttpContext context, JsonElement identity)
        {
            var header = context.Request.Headers["X-Auth-Token"].ToString();
            return header.Length > 0 ? header : OptionalString(Property(identity, "token"), "id") ?? throw BadRequest("auth.identity.token.id is missing.");
        }

        /// <summary>The project the token is for: null for a domain-scoped or unscoped token.</summary>
        private static string? Scope(JsonElement root, Account account)
        {
            if (!Property(root, "auth").TryGetProperty("scope", out var scope) || !scope.TryGetProperty("project", out var project))
            {
                return null;
            }
            var id = OptionalString(project, "id");
            var name = OptionalString(project, "name");
            if ((id != null && id == account.ProjectId) || (id == null && name != null && name == account.ProjectName))
            {
                return account.ProjectId;
            }
            throw ApiException.Iam(StatusCodes.Status401Unauthorized, "Unauthorized", $"No project '{id ?? name}' is available to the user.");
        }

        private static object TokenBody(HttpContext context, Account account, string method, long issuedAt, long expiresAt, string? projectId, bool withCatalog)
        {
            var domain = new { id = account.DomainId, name = account.DomainName };
            var baseUrl = BaseUrl(context);
            return new
            {
                methods = new[] { method },
                expires_at = IamTime(expiresAt),
                issued_at = IamTime(issuedAt),
                user = new { domain, id = account.UserId, name = account.UserName, password_expires_at = "" },
                project = projectId == null ? null : new { name = account.ProjectName, id = projectId, domain },
                domain = projectId == null ? domain : null,
                catalog = !withCatalog ? null : new[]
                {
                    CatalogEntry("modelarts", "modelarts", baseUrl + "/v1/" + account.ProjectId, account.ProjectName),
                    CatalogEntry("identity", "iam", baseUrl + "/v3", account.ProjectName),
                },
                roles = new[] { new { name = "te_admin", id = "0" } },
            };
        }

        private static object CatalogEntry(string type, string name, string url, string region) => new
        {
            type,
            id = type + "-local",
            name,
            endpoints = new[] { new { url, region, region_id = region, @interface = "public", id = name + "-endpoint-local" } },
        };

        private static string IamTime(long unixMilliseconds) =>
            DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

        private static string BaseUrl(HttpContext context) => context.Request.Scheme + "://" + context.Request.Host;

        private static JsonDocument ParseBody(HttpContext context)
        {
            try
            {
                return JsonDocument.Parse(RequestBody.Of(context));
            }
            catch (JsonException)
            {
                throw BadRequest("The request body is not valid JSON.");
            }
        }

        private static JsonElement Property(JsonElement element, params string[] path)
        {
            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    throw BadRequest($"The request body lacks '{name}'.");
                }
            }
            return element;
        }

        private static string? OptionalString(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private static ApiException BadRequest(string message) => ApiException.Iam(StatusCodes.Status400BadRequest, "Bad Request", message);
    }
}
