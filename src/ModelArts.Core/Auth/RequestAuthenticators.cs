using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArts.Core.Auth
{
    /// <summary>Puts credentials on one attempt of a request.</summary>
    internal interface IRequestAuthenticator
    {
        Task ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken);

        /// <summary>Forgets cached credentials after a 401; true when a fresh attempt may succeed.</summary>
        bool Invalidate();
    }

    /// <summary>AK/SK: signs every attempt anew, so a retry carries a fresh X-Sdk-Date.</summary>
    internal sealed class AkSkAuthenticator : IRequestAuthenticator
    {
        private readonly AccessKeyCredentials _keys;
        private readonly Func<string?> _projectId;
        private readonly Func<DateTimeOffset> _clock;

        public AkSkAuthenticator(AccessKeyCredentials keys, Func<string?> projectId, Func<DateTimeOffset> clock)
        {
            _keys = keys;
            _projectId = projectId;
            _clock = clock;
        }

        public Task ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
        {
            // Both headers must be present before signing: the gateway checks them as signed headers.
            var project = _projectId();
            if (project != null)
            {
                request.Headers.TryAddWithoutValidation("X-Project-Id", project);
            }

            if (_keys.SecurityToken != null)
            {
                request.Headers.TryAddWithoutValidation("X-Security-Token", _keys.SecurityToken);
            }

            AkSkSigner.Sign(request, body, _keys.AccessKey, _keys.SecretKey, _clock());
            return Task.CompletedTask;
        }

        // A signature does not go stale the way a token does; a 401 here is final.
        public bool Invalidate() => false;
    }

    /// <summary>IAM token: X-Auth-Token from the cache, which refreshes it before it expires.</summary>
    internal sealed class TokenAuthenticator : IRequestAuthenticator
    {
        private readonly IamTokenProvider _tokens;

        public TokenAuthenticator(IamTokenProvider tokens)
        {
            _tokens = tokens;
        }

        public async Task ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
        {
            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
        }

        public bool Invalidate()
        {
            _tokens.Invalidate();
            return true;
        }
    }
}
