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

namespace ModelArts.Emulator.Auth
{
    /// <summary>
    /// Checks an <c>SDK-HMAC-SHA256</c> request the way the API gateway does: the signature is recomputed with the
    /// core's signer over the client's SignedHeaders and the method, raw path, raw query and body as received.
    /// </summary>
    public sealed class AkSkVerifier
    {
        public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

        private readonly Account _account;
        private readonly CredentialService _credentials;
        private readonly SignatureLockout _lockout;
        private readonly TimeProvider _clock;

        public AkSkVerifier(Account account, CredentialService credentials, SignatureLockout lockout, TimeProvider clock)
        {
            _account = account;
            _credentials = credentials;
            _lockout = lockout;
            _clock = clock;
        }

        /// <summary>Returns when the request is signed by the account's key; otherwise throws APIG.0301.</summary>
        public void Verify(HttpContext context, string authorizationHeader)
        {
            var authorization = AkSkSigner.ParseAuthorization(authorizationHeader)
                ?? throw ApiException.BadCredentials("Authorization format error, expected " + AkSkSigner.Algorithm + " Access=..., SignedHeaders=..., Signature=...");
            var accessKey = authorization.AccessKey;
            var (secretKey, securityTokenHash) = SecretFor(accessKey);
            if (_lockout.LockedFor(accessKey) is TimeSpan locked)
            {
                throw ApiException.BadCredentials(
                    $"the access key is locked for {Math.Ceiling(locked.TotalSeconds)} s after more than {SignatureLockout.AllowedFailures} consecutive signature failures");
            }

            var headers = context.Request.Headers
                .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)))
                .ToList();
            var signed = authorization.SignedHeaders;
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
            if (securityTokenHash != null
                && !Account.SecretEquals(CredentialService.Hash(RequireSignedHeader(headers, signed, "X-Security-Token")), securityTokenHash))
            {
                throw ApiException.BadCredentials("security token invalid");
            }

            var (path, query) = SplitTarget(context);
            // A declared payload hash (UNSIGNED-PAYLOAD) counts only when the client signed the declaration.
            var payloadHash = signed.Contains(AkSkSigner.ContentSha256Header.ToLowerInvariant())
                ? AkSkSigner.PayloadHash(headers, RequestBody.Of(context))
                : AkSkSigner.HashPayload(RequestBody.Of(context));
            var canonical = AkSkSigner.CanonicalRequest(context.Request.Method, path, query, headers, signed, payloadHash);
            var expected = AkSkSigner.ComputeSignature(AkSkSigner.StringToSign(canonical, sdkDate), secretKey);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Signature)))
            {
                _lockout.RecordFailure(accessKey);
                throw ApiException.BadCredentials("verify aksk signature fail");
            }
            _lockout.RecordSuccess(accessKey);
        }

        /// <summary>The secret of the account's key or of a temporary key, and the hash of the security token it needs, if any.</summary>
        internal (string SecretKey, string? SecurityTokenHash) SecretFor(string accessKey)
        {
            if (Account.SecretEquals(accessKey, _account.AccessKey))
            {
                return (_account.SecretKey, _account.SecurityToken == null ? null : CredentialService.Hash(_account.SecurityToken));
            }
            var temporary = _credentials.FindTemporaryKey(accessKey)
                ?? throw ApiException.BadCredentials($"Get secretKey failed,ak:{accessKey},err:ak not exist");
            return (temporary.SecretKey, temporary.SecurityTokenHash);
        }

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

        /// <summary>The path and query exactly as the client sent them, before any decoding.</summary>
        internal static (string Path, string Query) SplitTarget(HttpContext context)
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
            if (!target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
            {
                target = absolute.PathAndQuery;
            }
            var question = target.IndexOf('?');
            return question < 0 ? (target, string.Empty) : (target.Substring(0, question), target.Substring(question + 1));
        }
    }
}
