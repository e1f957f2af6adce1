using System;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Auth;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;

namespace ModelArts.Core.Obs
{
    /// <summary>
    /// OBS takes no IAM token: a password session buys temporary AK/SK with its token
    /// (<c>POST /v3.0/OS-CREDENTIAL/securitytokens</c>) and renews them before they expire.
    /// </summary>
    internal sealed class ObsTemporaryKeys
    {
        private const int DurationSeconds = 3600;

        // Bought again this long before expiry, so a long transfer never signs with a key about to lapse.
        private static readonly TimeSpan RenewMargin = TimeSpan.FromMinutes(10);

        private readonly HttpPipeline _tokenPipeline;
        private readonly Uri _uri;
        private readonly Cached<AccessKeyCredentials> _cache;

        public ObsTemporaryKeys(HttpPipeline tokenPipeline, Uri iamEndpoint, Func<DateTimeOffset> clock)
        {
            _tokenPipeline = tokenPipeline;
            var v3 = Url.IamV3(iamEndpoint, "x");
            _uri = new Uri(v3, "/v3.0/OS-CREDENTIAL/securitytokens");
            _cache = new Cached<AccessKeyCredentials>(clock);
        }

        public Task<AccessKeyCredentials> GetAsync(CancellationToken cancellationToken) => _cache.GetAsync(BuyAsync, cancellationToken);

        public void Invalidate() => _cache.Invalidate();

        private async Task<(AccessKeyCredentials, DateTimeOffset)> BuyAsync(CancellationToken cancellationToken)
        {
            var body = "{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"duration_seconds\":" + DurationSeconds + "}}}}";
            var request = new ApiRequest(HttpMethod.Post, _uri, Encoding.UTF8.GetBytes(body))
            {
                // A second purchase only yields a second key.
                Idempotent = true,
            };
            var response = await _tokenPipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var credential = response.Read<WireSecurityTokenResponse>().Credential;
            if (credential?.Access == null || credential.Secret == null || credential.SecurityToken == null
                || !DateTimeOffset.TryParse(credential.ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            {
                throw new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "IAM issued no complete temporary access key.", response.StatusCode, null, response.RequestId, "POST", _uri);
            }

            Diagnostics.Verbose("Bought a temporary access key for OBS, valid until " + expires.ToString("u", CultureInfo.InvariantCulture) + ".");
            return (new AccessKeyCredentials(credential.Access, credential.Secret, credential.SecurityToken), expires - RenewMargin);
        }

        internal sealed class WireSecurityTokenResponse
        {
            public WireCredential? Credential { get; set; }
        }

        internal sealed class WireCredential
        {
            public string? Access { get; set; }

            public string? Secret { get; set; }

            [JsonPropertyName("securitytoken")]
            public string? SecurityToken { get; set; }

            [JsonPropertyName("expires_at")]
            public string? ExpiresAt { get; set; }
        }
    }
}
