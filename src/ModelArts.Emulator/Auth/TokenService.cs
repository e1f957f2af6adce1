using System;
using System.Security.Cryptography;
using System.Text;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Auth
{
    /// <summary>Issues and checks IAM tokens; a token lives for the configured lifetime (24 h like IAM).</summary>
    public sealed class TokenService
    {
        private readonly TokenStore _store;
        private readonly TimeSpan _lifetime;
        private readonly TimeProvider _clock;

        public TokenService(TokenStore store, TimeSpan lifetime, TimeProvider clock)
        {
            _store = store;
            _lifetime = lifetime;
            _clock = clock;
        }

        public (string Token, TokenRecord Record) Issue(string userName, string? projectId)
        {
            var now = _clock.GetUtcNow();
            var token = "MII" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
            var record = new TokenRecord(userName, projectId, now.ToUnixTimeMilliseconds(), (now + _lifetime).ToUnixTimeMilliseconds());
            _store.Save(Hash(token), record);
            return (token, record);
        }

        /// <summary>The token's record; throws APIG.0301 for an unknown or expired token.</summary>
        public TokenRecord Validate(string token)
        {
            var record = _store.Find(Hash(token)) ?? throw ApiException.BadCredentials("decrypt token fail");
            if (record.ExpiresAt <= _clock.GetUtcNow().ToUnixTimeMilliseconds())
            {
                throw ApiException.BadCredentials("the token has expired");
            }
            return record;
        }

        private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
