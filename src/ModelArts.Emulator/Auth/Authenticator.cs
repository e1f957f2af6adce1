using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Auth
{
    /// <summary>Who made a call, and for which project their credentials speak.</summary>
    internal sealed record Caller(string UserName, string? ProjectId);

    /// <summary>Accepts an <c>X-Auth-Token</c> or an AK/SK signature, as the gateway in front of ModelArts does.</summary>
    internal sealed class Authenticator
    {
        private readonly CredentialService _credentials;
        private readonly AkSkVerifier _verifier;
        private readonly Account _account;

        public Authenticator(CredentialService credentials, AkSkVerifier verifier, Account account)
        {
            _credentials = credentials;
            _verifier = verifier;
            _account = account;
        }

        public Caller Authenticate(HttpContext context)
        {
            if (context.Items[typeof(TokenRecord)] is TokenRecord checkedToken)
            {
                return new Caller(checkedToken.UserName, checkedToken.ProjectId);
            }
            var token = context.Request.Headers["X-Auth-Token"].ToString();
            if (token.Length > 0)
            {
                var record = _credentials.ValidateToken(token);
                return new Caller(record.UserName, record.ProjectId);
            }
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.Length > 0)
            {
                var temporary = _verifier.Verify(context, authorization);
                var project = context.Request.Headers["X-Project-Id"].ToString();
                // A temporary key acts for its token's project or for none; X-Project-Id names a project, it grants none.
                return new Caller(_account.UserName, temporary != null ? temporary.ProjectId : project.Length > 0 ? project : _account.ProjectId);
            }
            throw NoCredentials();
        }

        /// <summary>
        /// Middleware that runs before the body is read: a token is checked whole (its caller's body is then not
        /// rationed), a signature as far as its headers go, and a request with neither is refused at once.
        /// </summary>
        public async Task CheckHeadersAsync(HttpContext context, RequestDelegate next)
        {
            var token = context.Request.Headers["X-Auth-Token"].ToString();
            var authorization = context.Request.Headers.Authorization.ToString();
            if (token.Length > 0)
            {
                context.Items[typeof(TokenRecord)] = _credentials.ValidateToken(token);
                RequestBody.MarkTrusted(context);
            }
            else if (authorization.Length > 0)
            {
                _verifier.CheckHeadersFirst(context, authorization);
            }
            else
            {
                throw NoCredentials();
            }
            await next(context);
        }

        private static ApiException NoCredentials() => ApiException.Gateway(StatusCodes.Status401Unauthorized, "APIG.1000",
            "Incorrect IAM authentication information: the request carries neither X-Auth-Token nor Authorization");

        /// <summary>Middleware for <c>/v1/{project_id}/…</c>: authenticated, and for the project in the URL.</summary>
        public async Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            var segments = context.Request.Path.Value!.Split('/', 4);
            var urlProject = segments.Length > 2 ? segments[2] : string.Empty;
            var caller = Authenticate(context);
            if (caller.ProjectId == null)
            {
                throw new ApiException(StatusCodes.Status401Unauthorized, "ModelArts.0212", "Invalid token header because the token does not contain a project.");
            }
            if (!string.Equals(caller.ProjectId, urlProject, StringComparison.Ordinal)
                || !string.Equals(caller.ProjectId, _account.ProjectId, StringComparison.Ordinal))
            {
                throw new ApiException(StatusCodes.Status403Forbidden, "ModelArts.0210", "The project id in the request URL does not match the token.");
            }
            context.Items[typeof(Caller)] = caller;
            await next(context);
        }
    }
}
