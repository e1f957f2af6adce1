using System;
using System.Collections.Generic;
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
    internal static class IamEndpoints
    {
        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapGet("/", (HttpContext context) => Wire.Json(new { versions = new { values = new[] { Version(context) } } }, StatusCodes.Status300MultipleChoices));
            app.MapGet("/v3", (HttpContext context) => Wire.Json(new { version = Version(context) }));
            app.MapPost("/v3/auth/tokens", IssueToken);
            app.MapGet("/v3/projects", ListProjects);
            app.MapGet("/v3/auth/domains", ListDomains);
            app.MapPost("/v3.0/OS-CREDENTIAL/securitytokens", IssueTemporaryKey);
        }

        private static IResult IssueToken(HttpContext context, Account account, CredentialService credentials, Lockouts lockouts)
        {
            using var document = ParseBody(context);
            var identity = Property(document.RootElement, "auth", "identity");
            // Methods refuses an empty list.
            var method = Methods(identity)[0];
            string userName;
            long? expiresAt = null;
            switch (method)
            {
                case "password":
                    userName = CheckPassword(Property(identity, "password", "user"), account, lockouts.Passwords);
                    break;
                case "token":
                    var source = AsIam(() => credentials.ValidateToken(TokenFrom(context, identity)));
                    // As in Keystone, a token made from a token ends when its source ends: re-scoping buys no time.
                    (userName, expiresAt) = (source.UserName, source.ExpiresAt);
                    break;
                default:
                    throw BadRequest($"The authentication method '{method}' is not supported.");
            }
            var projectId = Scope(document.RootElement, account);
            var (token, record) = credentials.IssueToken(userName, projectId, expiresAt);
            context.Response.Headers["X-Subject-Token"] = token;
            var withCatalog = string.IsNullOrEmpty(context.Request.Query["nocatalog"]);
            return Wire.Json(new { token = TokenBody(context, account, method, record.IssuedAt, record.ExpiresAt, projectId, withCatalog) }, StatusCodes.Status201Created);
        }

        /// <summary>The domains the caller may use, as the official SDKs ask for them to learn the domain id.</summary>
        private static IResult ListDomains(HttpContext context, Account account, Authenticator authenticator)
        {
            AsIam(() => authenticator.Authenticate(context));
            var self = BaseUrl(context) + "/v3/auth/domains";
            var domain = new
            {
                id = account.DomainId,
                name = account.DomainName,
                enabled = true,
                description = "",
                links = new { self = BaseUrl(context) + "/v3/domains/" + account.DomainId },
            };
            return Wire.Json(new { domains = new[] { domain }, links = new { self, previous = (string?)null, next = (string?)null } });
        }

        /// <summary>The one identity API version this service speaks, as Keystone describes it for version discovery.</summary>
        private static Dictionary<string, object> Version(HttpContext context) => new Dictionary<string, object>
        {
            ["id"] = "v3.0",
            ["status"] = "stable",
            ["updated"] = "2013-03-06T00:00:00Z",
            ["links"] = new[] { new { rel = "self", href = BaseUrl(context) + "/v3/" } },
            ["media-types"] = new[] { new { @base = "application/json", type = "application/vnd.openstack.identity-v3+json" } },
        };

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
            if (!Methods(identity).Contains("token"))
            {
                throw BadRequest("auth.identity.methods must be [\"token\"].");
            }
            var source = AsIam(() => credentials.ValidateToken(TokenFrom(context, identity)));
            var seconds = identity.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.Object && token.TryGetProperty("duration_seconds", out var duration)
                ? duration.TryGetInt32(out var value) ? value : throw BadRequest("duration_seconds must be a whole number.")
                : (int)CredentialService.MinimumKeyLifetime.TotalSeconds;
            var lifetime = TimeSpan.FromSeconds(seconds);
            if (lifetime < CredentialService.MinimumKeyLifetime || lifetime > CredentialService.MaximumKeyLifetime)
            {
                throw BadRequest("duration_seconds must lie between 900 and 86400.");
            }
            // IAM issues a key for any user token; an unscoped token's key is then refused by project APIs, not here.
            var key = credentials.IssueTemporaryKey(lifetime, source);
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

        /// <summary>
        /// Checks the account user's password under the password lockout. A name that is not the account's user is
        /// simply wrong: like IAM, the service locks only users that exist, so made-up names cost it no memory.
        /// </summary>
        private static string CheckPassword(JsonElement user, Account account, FailureLockout lockout)
        {
            RequireObject(user, "auth.identity.password.user");
            var name = OptionalString(user, "name");
            var id = OptionalString(user, "id");
            var domain = user.TryGetProperty("domain", out var d) ? d : default;
            var wrong = ApiException.Iam(StatusCodes.Status401Unauthorized, "Unauthorized", "The username or password is wrong.");
            if (!((name != null && name == account.UserName) || (id != null && id == account.UserId)))
            {
                throw wrong;
            }
            var domainMatches = id != null
                || (domain.ValueKind == JsonValueKind.Object
                    && (OptionalString(domain, "name") == account.DomainName || OptionalString(domain, "id") == account.DomainId));
            var result = lockout.Attempt(account.UserId, () => domainMatches && Account.SecretEquals(OptionalString(user, "password"), account.Password), out var left);
            return result switch
            {
                AttemptResult.Passed => account.UserName,
                AttemptResult.Locked => throw ApiException.Iam(StatusCodes.Status401Unauthorized, "Unauthorized",
                    $"The user is locked for another {Math.Ceiling(left.TotalSeconds)} s after {lockout.FailuresToLock} wrong passwords within {lockout.Window?.TotalMinutes} minutes."),
                _ => throw wrong,
            };
        }

        /// <summary>auth.identity.methods: a non-empty array of strings.</summary>
        private static List<string> Methods(JsonElement identity)
        {
            var methods = Property(identity, "methods");
            if (methods.ValueKind != JsonValueKind.Array || methods.GetArrayLength() == 0 || methods.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String))
            {
                throw BadRequest("auth.identity.methods must be a non-empty array of method names.");
            }
            return methods.EnumerateArray().Select(m => m.GetString()!).ToList();
        }

        private static void RequireObject(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw BadRequest($"{path} must be an object.");
            }
        }

        private static string TokenFrom(HttpContext context, JsonElement identity)
        {
            var header = context.Request.Headers["X-Auth-Token"].ToString();
            if (header.Length > 0)
            {
                return header;
            }
            var token = Property(identity, "token");
            RequireObject(token, "auth.identity.token");
            return OptionalString(token, "id") ?? throw BadRequest("auth.identity.token.id is missing.");
        }

        /// <summary>The project the token is for: null for a domain-scoped or unscoped token.</summary>
        private static string? Scope(JsonElement root, Account account)
        {
            if (!Property(root, "auth").TryGetProperty("scope", out var scope))
            {
                return null;
            }
            RequireObject(scope, "auth.scope");
            if (!scope.TryGetProperty("project", out var project))
            {
                return null;
            }
            RequireObject(project, "auth.scope.project");
            var id = OptionalString(project, "id");
            var name = OptionalString(project, "name");
            if ((id != null && id == account.ProjectId) || (id == null && name != null && name == account.ProjectName))
            {
                return account.ProjectId;
            }
            throw ApiException.Iam(StatusCodes.Status401Unauthorized, "Unauthorized", $"No project '{id ?? name}' is available to the user.");
        }

        /// <summary>A token body with only the keys that apply (keystoneauth reads a key that is present as a value, so no nulls).</summary>
        private static Dictionary<string, object> TokenBody(HttpContext context, Account account, string method, long issuedAt, long expiresAt, string? projectId, bool withCatalog)
        {
            var domain = new { id = account.DomainId, name = account.DomainName };
            var baseUrl = BaseUrl(context);
            var body = new Dictionary<string, object>
            {
                ["methods"] = new[] { method },
                ["expires_at"] = IamTime(expiresAt),
                ["issued_at"] = IamTime(issuedAt),
                ["user"] = new { domain, id = account.UserId, name = account.UserName, password_expires_at = "" },
                ["roles"] = new[] { new { name = "te_admin", id = "0" } },
            };
            if (projectId == null)
            {
                body["domain"] = domain;
            }
            else
            {
                body["project"] = new { name = account.ProjectName, id = projectId, domain };
            }
            if (withCatalog)
            {
                body["catalog"] = new[]
                {
                    CatalogEntry("modelarts", "modelarts", baseUrl + "/v1/" + account.ProjectId, account.ProjectName),
                    CatalogEntry("modelartsv1", "modelartsv1", baseUrl + "/v1/" + account.ProjectId, account.ProjectName),
                    CatalogEntry("modelartsv2", "modelartsv2", baseUrl + "/v2/" + account.ProjectId, account.ProjectName),
                    CatalogEntry("obs", "obs", baseUrl, account.ProjectName),
                    CatalogEntry("identity", "iam", baseUrl + "/v3", account.ProjectName),
                };
            }
            return body;
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
