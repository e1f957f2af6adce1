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
        private readonly AccessKeyCredentials keys;
        private readonly Func<string?> projectId;
        private readonly Func<DateTimeOffset> clock;

        public AkSkAuthenticator(AccessKeyCredentials keys, Func<string?> projectId, Func<DateTimeOffset> clock)
        {
            this.keys = keys;
            this.projectId = projectId;
            this.clock = clock;
        }

        public Task ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
        {
            // Both headers must be present before signing: the gateway checks them as signed headers.
            var project = projectId();
            if (project != null) request.Headers.TryAddWithoutValidation("X-Project-Id", project);
            if (keys.SecurityToken != null) request.Headers.TryAddWithoutValidation("X-Security-Token", keys.SecurityToken);
            AkSkSigner.Sign(request, body, keys.AccessKey, keys.SecretKey, clock());
            return Task.CompletedTask;
        }

        // A signature does not go stale the way a token does; a 401 here is final.
        public bool Invalidate() => false;
    }

    /// <summary>IAM token: X-Auth-Token from the cache, which refreshes it before it expires.</summary>
    internal sealed class TokenAuthenticator : IRequestAuthenticator
    {
        private readonly IamTokenProvider tokens;

        public TokenAuthenticator(IamTokenProvider tokens)
        {
            this.tokens = tokens;
        }

        public async Task ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
        {
            var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
        }

        public bool Invalidate()
        {
            tokens.Invalidate();
            return true;
        }
    }
}
