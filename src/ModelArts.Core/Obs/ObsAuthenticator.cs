using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Auth;

namespace ModelArts.Core.Obs
{
    /// <summary>
    /// Signs every OBS attempt anew with the session's keys (temporary ones carry their token), adding Content-MD5 to
    /// every body so OBS refuses one that arrived damaged (data from a pooled buffer comes with its own, computed while
    /// it was read).
    /// </summary>
    internal sealed class ObsAuthenticator : IRequestAuthenticator
    {
        private readonly Func<CancellationToken, Task<AccessKeyCredentials>> _keys;
        private readonly Action? _forgetKeys;
        private readonly ObsAddressing _addressing;
        private readonly Func<DateTimeOffset> _clock;

        /// <param name="forgetKeys">Drops keys bought from IAM so the next attempt buys fresh ones; null for the session's own keys.</param>
        public ObsAuthenticator(Func<CancellationToken, Task<AccessKeyCredentials>> keys, Action? forgetKeys, ObsAddressing addressing, Func<DateTimeOffset> clock)
        {
            _keys = keys;
            _forgetKeys = forgetKeys;
            _addressing = addressing;
            _clock = clock;
        }

        public async Task ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
        {
            var keys = await _keys(cancellationToken).ConfigureAwait(false);
            if (request.Content != null && body.Length > 0)
            {
                using (var md5 = ObsETag.NewMd5())
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-MD5", Convert.ToBase64String(md5.ComputeHash(body)));
                }
            }

            ObsSigner.Sign(request, _addressing.ResourcePath(request.RequestUri!), keys.AccessKey, keys.SecretKey, keys.SecurityToken, _clock());
        }

        public bool Invalidate()
        {
            _forgetKeys?.Invoke();
            return _forgetKeys != null;
        }
    }
}
