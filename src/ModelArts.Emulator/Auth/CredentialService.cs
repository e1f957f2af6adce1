using System;
using System.Security.Cryptography;
using System.Text;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Auth
{
    /// <summary>A temporary access key as IAM hands it out, security token included.</summary>
    internal sealed record IssuedTemporaryKey(string AccessKey, string SecretKey, string SecurityToken, long ExpiresAt);

    /// <summary>Issues and checks what IAM issues: tokens (24 h like IAM by default) and temporary AK/SK.</summary>
    internal sealed class CredentialService
    {
        public static readonly TimeSpan MinimumKeyLifetime = TimeSpan.FromMinutes(15);
        public static readonly TimeSpan MaximumKeyLifetime = TimeSpan.FromHours(24);

        private readonly CredentialStore _store;
        private readonly TimeSpan _tokenLifetime;
        private readonly TimeProvider _clock;

        public CredentialService(CredentialStore store, TimeSpan tokenLifetime, TimeProvider clock)
        {
            _store = store;
            _tokenLifetime = tokenLifetime;
            _clock = clock;
        }

        /// <summary>A new token, ending after the token lifetime or at <paramref name="endsBy"/> (unix ms), whichever is first.</summary>
        public (string Token, TokenRecord Record) IssueToken(string userName, string? projectId, long? endsBy = null)
        {
            var now = _clock.GetUtcNow();
            var token = "MII" + RandomText(96);
            var expiresAt = Math.Min((now + _tokenLifetime).ToUnixTimeMilliseconds(), endsBy ?? long.MaxValue);
            var record = new TokenRecord(userName, projectId, now.ToUnixTimeMilliseconds(), expiresAt);
            _store.SaveToken(Hash(token), record);
            return (token, record);
        }

        /// <summary>The token's record; throws APIG.0301 for an unknown or expired token.</summary>
        public TokenRecord ValidateToken(string token)
        {
            var record = _store.FindToken(Hash(token)) ?? throw ApiException.BadCredentials("decrypt token fail");
            if (record.ExpiresAt <= Now())
            {
                throw ApiException.BadCredentials("the token has expired");
            }
            return record;
        }

        /// <summary>
        /// A temporary key bought with <paramref name="source"/>: IAM gives it the token's permissions, so it acts for
        /// the token's project (none for a domain-scoped or unscoped token) and never outlives the token. It ends after
        /// <paramref name="lifetime"/> or when the token ends, whichever is first.
        /// </summary>
        public IssuedTemporaryKey IssueTemporaryKey(TimeSpan lifetime, TokenRecord source)
        {
            var key = new IssuedTemporaryKey(
                "T" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)),
                RandomText(30),
                "gAAAAAB" + RandomText(120),
                Math.Min((_clock.GetUtcNow() + lifetime).ToUnixTimeMilliseconds(), source.ExpiresAt));
            _store.SaveTemporaryKey(new TemporaryKey(key.AccessKey, key.SecretKey, Hash(key.SecurityToken), key.ExpiresAt, source.ProjectId));
            return key;
        }

        /// <summary>A temporary key that has not expired; null when the key was never issued, APIG.0301 when it expired.</summary>
        public TemporaryKey? FindTemporaryKey(string accessKey)
        {
            var key = _store.FindTemporaryKey(accessKey);
            return key == null || key.ExpiresAt > Now() ? key : throw ApiException.BadCredentials($"the temporary access key {accessKey} has expired");
        }

        public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

        private static string RandomText(int bytes) =>
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

        private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
    }
}
