using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ModelArts.Core.Auth;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Auth
{
    /// <summary>
    /// Checks an <c>SDK-HMAC-SHA256</c> request the way the API gateway does: the signature is recomputed with the
    /// core's signer over the client's SignedHeaders and the method, raw path, raw query and body as received.
    /// </summary>
    internal sealed class AkSkVerifier
    {
        public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);
        private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
        private static readonly string ContentSha256 = AkSkSigner.ContentSha256Header.ToLowerInvariant();

        private static readonly object Key = new object();

        private readonly Account _account;
        private readonly CredentialService _credentials;
        private readonly FailureLockout _lockout;
        private readonly TimeProvider _clock;

        public AkSkVerifier(Account account, CredentialService credentials, Lockouts lockouts, TimeProvider clock)
        {
            _account = account;
            _credentials = credentials;
            _lockout = lockouts.Signatures;
            _clock = clock;
        }

        /// <summary>
        /// Returns when the request is signed by the account's key (null) or a temporary key (that key, whose scope
        /// decides the project it acts for); otherwise throws APIG.0301.
        /// </summary>
        public TemporaryKey? Verify(HttpContext context, string authorizationHeader)
        {
            var request = context.Items[Key] as CheckedHeaders ?? CheckHeaders(context, authorizationHeader);
            var body = RequestBody.Of(context);
            var bodyHash = AkSkSigner.HashPayload(body);
            var payloadHash = bodyHash;
            // A declared payload hash counts only when the client signed the declaration, and only UNSIGNED-PAYLOAD may differ from the body.
            if (request.Signed.Contains(ContentSha256) && request.Header(AkSkSigner.ContentSha256Header) is string declared)
            {
                if (declared != UnsignedPayload && !string.Equals(declared, bodyHash, StringComparison.OrdinalIgnoreCase))
                {
                    throw ApiException.BadCredentials("x-sdk-content-sha256 does not match the body's SHA-256");
                }
                payloadHash = declared;
            }
            var (path, query) = SplitTarget(context);
            var canonical = AkSkSigner.CanonicalRequest(context.Request.Method, path, query, request.Headers, request.Signed, payloadHash);
            var expected = AkSkSigner.ComputeSignature(AkSkSigner.StringToSign(canonical, request.SdkDate), request.SecretKey);
            var result = _lockout.Attempt(request.AccessKey,
                () => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(request.Signature)),
                out var left);
            switch (result)
            {
                case AttemptResult.Locked:
                    throw ApiException.BadCredentials(
                        $"the access key is locked for another {Math.Ceiling(left.TotalSeconds)} s after more than {_lockout.FailuresToLock - 1} consecutive signature failures; "
                        + "correctly signed requests are still served");
                case AttemptResult.Failed:
                    throw ApiException.BadCredentials("verify aksk signature fail");
            }
            return request.Temporary;
        }

        /// <summary>
        /// Checks all that the headers alone decide (format, signed host and date, skew, known key, security token),
        /// before any body is read; <see cref="Verify"/> then needs only the body.
        /// </summary>
        public void CheckHeadersFirst(HttpContext context, string authorizationHeader) => context.Items[Key] = CheckHeaders(context, authorizationHeader);

        private CheckedHeaders CheckHeaders(HttpContext context, string authorizationHeader)
        {
            var authorization = AkSkSigner.ParseAuthorization(authorizationHeader)
                ?? throw ApiException.BadCredentials("Authorization format error, expected " + AkSkSigner.Algorithm + " Access=..., SignedHeaders=..., Signature=...");
            var headers = context.Request.Headers
                .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)))
                .ToList();
            var signed = authorization.SignedHeaders;
            RequireSignedHeader(headers, signed, "Host");
            var sdkDate = RequireSignedHeader(headers, signed, AkSkSigner.DateHeader);
            if (!DateTime.TryParseExact(sdkDate, AkSkSigner.DateFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            {
                throw ApiException.BadCredentials($"x-sdk-date '{sdkDate}' is not in the format yyyyMMddTHHmmssZ");
            }
            if ((_clock.GetUtcNow().UtcDateTime - signedAt).Duration() > AllowedSkew)
            {
                throw ApiException.BadCredentials("the request time (x-sdk-date) differs from the server time by more than 15 minutes");
            }
            var temporary = TemporaryKeyFor(authorization.AccessKey);
            var (secretKey, securityTokenHash) = SecretOf(temporary);
            if (securityTokenHash != null
                && !Account.SecretEquals(CredentialService.Hash(RequireSignedHeader(headers, signed, "X-Security-Token")), securityTokenHash))
            {
                throw ApiException.BadCredentials("security token invalid");
            }
            return new CheckedHeaders(authorization.AccessKey, authorization.Signature, signed, headers, sdkDate, secretKey, temporary);
        }

        /// <summary>The secret of the account's key or of a temporary key, and the hash of the security token it needs, if any.</summary>
        internal (string SecretKey, string? SecurityTokenHash) SecretFor(string accessKey) => SecretOf(TemporaryKeyFor(accessKey));

        /// <summary>Null for the account's own key; the temporary key otherwise, or APIG.0301 for a key nobody issued.</summary>
        private TemporaryKey? TemporaryKeyFor(string accessKey) => Account.SecretEquals(accessKey, _account.AccessKey)
            ? null
            : _credentials.FindTemporaryKey(accessKey) ?? throw ApiException.BadCredentials($"Get secretKey failed,ak:{accessKey},err:ak not exist");

        private (string SecretKey, string? SecurityTokenHash) SecretOf(TemporaryKey? temporary) => temporary == null
            ? (_account.SecretKey, _account.SecurityToken == null ? null : CredentialService.Hash(_account.SecurityToken))
            : (temporary.SecretKey, temporary.SecurityTokenHash);

        private static string RequireSignedHeader(List<KeyValuePair<string, string>> headers, IReadOnlyList<string> signed, string name)
        {
            var lower = name.ToLowerInvariant();
            var value = headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value == null || !signed.Contains(lower))
            {
                throw ApiException.BadCredentials($"{lower} must be sent and signed");
            }
            return value;
        }

        /// <summary>
        /// The path and query as the client sent them. In a query '+' means a space (that is how the endpoint reads it),
        /// so it is canonicalised as one: a request signed for "a%2Bb" does not verify as "a+b".
        /// </summary>
        internal static (string Path, string Query) SplitTarget(HttpContext context)
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
            if (!target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
            {
                target = absolute.PathAndQuery;
            }
            var question = target.IndexOf('?');
            return question < 0 ? (target, string.Empty) : (target.Substring(0, question), target.Substring(question + 1).Replace("+", "%20", StringComparison.Ordinal));
        }

        /// <summary>What the headers of a signed request said, once checked.</summary>
        private sealed record CheckedHeaders(string AccessKey, string Signature, IReadOnlyList<string> Signed,
            List<KeyValuePair<string, string>> Headers, string SdkDate, string SecretKey, TemporaryKey? Temporary)
        {
            public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.Trim();
        }
    }
}
