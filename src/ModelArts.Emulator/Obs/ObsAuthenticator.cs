using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Auth;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>
    /// Authenticates OBS requests as OBS does: the OBS signature, AWS V2 and AWS V4, each as a header or a pre-signed URL,
    /// with the account's key or a temporary key plus its security token, within 15 minutes of the server's clock.
    /// </summary>
    internal sealed class ObsAuthenticator
    {
        private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
        private const int MaxPresignedSeconds = 7 * 24 * 3600;

        private static readonly string[] HttpDateFormats = { "r", "ddd, d MMM yyyy HH:mm:ss 'GMT'", "ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz" };

        private readonly AkSkVerifier _keys;
        private readonly TimeProvider _clock;

        public ObsAuthenticator(AkSkVerifier keys, Account account, TimeProvider clock)
        {
            _keys = keys;
            _clock = clock;
            Region = account.ProjectName;
        }

        /// <summary>The region V4 signatures must name: the project's name, as on the clouds.</summary>
        public string Region { get; }

        public ObsCaller Authenticate(ObsRequest request)
        {
            var authorization = request.Header("Authorization");
            if (authorization.StartsWith(SignatureV4.Algorithm + " ", StringComparison.Ordinal))
            {
                return V4Header(request, authorization.Substring(SignatureV4.Algorithm.Length + 1));
            }
            if (authorization.StartsWith("OBS ", StringComparison.Ordinal))
            {
                return V2Header(request, SignatureV2.Obs, authorization.Substring(4));
            }
            if (authorization.StartsWith("AWS ", StringComparison.Ordinal))
            {
                return V2Header(request, SignatureV2.Aws, authorization.Substring(4));
            }
            if (authorization.Length > 0)
            {
                throw ObsException.InvalidArgument("Unsupported Authorization Type: use OBS, AWS or AWS4-HMAC-SHA256.", "Authorization", authorization.Split(' ')[0]);
            }
            if (request.Has("X-Amz-Algorithm"))
            {
                return V4Query(request);
            }
            if (request.Has("Signature"))
            {
                return V2Query(request, request.Has("AccessKeyId") ? SignatureV2.Obs : SignatureV2.Aws);
            }
            throw ObsException.AccessDenied("Access Denied: the request carries no signature, and anonymous access is not allowed.");
        }

        private ObsCaller V2Header(ObsRequest request, SignatureV2 scheme, string credentials)
        {
            var colon = credentials.LastIndexOf(':');
            if (colon <= 0)
            {
                throw ObsException.InvalidArgument($"The Authorization header must be '{scheme.Scheme} AccessKey:Signature'.", "Authorization", scheme.Scheme);
            }
            var accessKey = credentials.Substring(0, colon);
            var prefixedDate = request.Header(scheme.DateHeader);
            var date = request.Header("Date");
            var signedAt = ParseHttpDate(prefixedDate.Length > 0 ? prefixedDate : date)
                ?? throw ObsException.AccessDenied($"Authentication requires a valid Date or {scheme.DateHeader} header.");
            CheckSkew(signedAt);
            var (secretKey, tokenHash) = SecretFor(accessKey);
            var token = request.Header(scheme.SecurityTokenHeader);
            CheckToken(tokenHash, token);
            // With the prefixed date header the Date line is empty: the header is signed among the prefixed ones.
            var stringToSign = scheme.StringToSign(request, prefixedDate.Length > 0 ? "" : date);
            CheckSignature(SignatureV2.Sign(secretKey, stringToSign), credentials.Substring(colon + 1), stringToSign, token);
            RefuseChunkedBody(request);
            return new ObsCaller(accessKey, scheme.HeaderPrefix, null, null);
        }

        private ObsCaller V2Query(ObsRequest request, SignatureV2 scheme)
        {
            var accessKey = Required(request, scheme.AccessKeyParameter);
            var expiresText = Required(request, "Expires");
            if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            {
                throw ObsException.InvalidArgument("Expires must be seconds since 1970.", "Expires", expiresText);
            }
            if (_clock.GetUtcNow().ToUnixTimeSeconds() > expires)
            {
                throw ObsException.AccessDenied("Request has expired.");
            }
            var (secretKey, tokenHash) = SecretFor(accessKey);
            var token = request.Q(scheme.SecurityTokenHeader) ?? request.Header(scheme.SecurityTokenHeader);
            CheckToken(tokenHash, token);
            var stringToSign = scheme.StringToSign(request, expiresText);
            CheckSignature(SignatureV2.Sign(secretKey, stringToSign), Required(request, "Signature"), stringToSign, token);
            RefuseChunkedBody(request);
            return new ObsCaller(accessKey, scheme.HeaderPrefix, null, null);
        }

        private ObsCaller V4Header(ObsRequest request, string parameters)
        {
            var fields = parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            if (!fields.TryGetValue("Credential", out var credential) || !fields.TryGetValue("SignedHeaders", out var signedHeaders)
                || !fields.TryGetValue("Signature", out var signature))
            {
                throw Malformed("the Authorization header needs Credential, SignedHeaders and Signature");
            }
            var amzDate = request.Header("x-amz-date");
            if (amzDate.Length == 0 && ParseHttpDate(request.Header("Date")) is DateTimeOffset date)
            {
                amzDate = date.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
            }
            var signedAt = ParseAmzDate(amzDate) ?? throw ObsException.AccessDenied("AWS authentication requires a valid Date or x-amz-date header.");
            CheckSkew(signedAt);
            var payload = request.Header("x-amz-content-sha256");
            if (payload.Length == 0)
            {
                // Some clients (curl's --aws-sigv4) sign a body-less request with the empty hash without sending it.
                payload = (request.Context.Request.ContentLength ?? 0) == 0 && request.Header("Transfer-Encoding").Length == 0
                    ? SignatureV4.EmptyHash
                    : throw ObsException.InvalidRequest("Missing required header for this request: x-amz-content-sha256.");
            }
            var caller = VerifyV4(request, credential, amzDate, signedHeaders, signature, payload, null, request.Header("x-amz-security-token"));
            return caller;
        }

        private ObsCaller V4Query(ObsRequest request)
        {
            var algorithm = Required(request, "X-Amz-Algorithm");
            if (algorithm != SignatureV4.Algorithm)
            {
                throw ObsException.InvalidArgument("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\".", "X-Amz-Algorithm", algorithm);
            }
            var amzDate = Required(request, "X-Amz-Date");
            var signedAt = ParseAmzDate(amzDate) ?? throw ObsException.InvalidArgument("X-Amz-Date must be yyyyMMddTHHmmssZ.", "X-Amz-Date", amzDate);
            var expiresText = Required(request, "X-Amz-Expires");
            if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires < 1 || expires > MaxPresignedSeconds)
            {
                throw ObsException.InvalidArgument($"X-Amz-Expires must be 1 to {MaxPresignedSeconds} seconds.", "X-Amz-Expires", expiresText);
            }
            var now = _clock.GetUtcNow();
            if (now > signedAt.AddSeconds(expires))
            {
                throw ObsException.AccessDenied("Request has expired.");
            }
            if (signedAt - now > AkSkVerifier.AllowedSkew)
            {
                throw ObsException.AccessDenied("Request is not valid yet.");
            }
            return VerifyV4(request, Required(request, "X-Amz-Credential"), amzDate, Required(request, "X-Amz-SignedHeaders"), Required(request, "X-Amz-Signature"),
                request.Q("X-Amz-Content-Sha256") ?? SignatureV4.UnsignedPayload, "X-Amz-Signature", request.Q("X-Amz-Security-Token") ?? request.Header("x-amz-security-token"));
        }

        private ObsCaller VerifyV4(ObsRequest request, string credential, string amzDate, string signedHeaderList, string signature, string payload,
            string? excludedQuery, string token)
        {
            var scopeParts = credential.Split('/');
            if (scopeParts.Length != 5 || scopeParts[3] != SignatureV4.Service || scopeParts[4] != "aws4_request")
            {
                throw Malformed("the Credential must be AccessKey/yyyyMMdd/region/s3/aws4_request");
            }
            var (accessKey, day, region) = (scopeParts[0], scopeParts[1], scopeParts[2]);
            if (region != Region)
            {
                throw new ObsException(StatusCodes.Status400BadRequest, "AuthorizationHeaderMalformed",
                    $"The authorization header is malformed; the region '{region}' is wrong; expecting '{Region}'.", ("Region", Region));
            }
            if (!amzDate.StartsWith(day, StringComparison.Ordinal))
            {
                throw Malformed($"the Credential's date {day} is not the request's date {amzDate}");
            }
            var signedHeaders = signedHeaderList.Split(';').ToList();
            if (!signedHeaders.Contains("host"))
            {
                throw Malformed("the host header must be signed");
            }
            if (signedHeaders.Any(h => !string.Equals(h, h.ToLowerInvariant(), StringComparison.Ordinal)) || !signedHeaders.SequenceEqual(signedHeaders.OrderBy(h => h, StringComparer.Ordinal)))
            {
                throw Malformed("SignedHeaders must be lower-case and sorted");
            }
            var (secretKey, tokenHash) = SecretFor(accessKey);
            if (tokenHash != null && excludedQuery == null && token.Length > 0 && !signedHeaders.Contains("x-amz-security-token"))
            {
                throw ObsException.AccessDenied("The x-amz-security-token header must be signed.");
            }
            CheckToken(tokenHash, token);
            var chunked = payload.StartsWith("STREAMING-", StringComparison.Ordinal);
            if (!chunked && payload != SignatureV4.UnsignedPayload && !IsSha256Hex(payload))
            {
                throw ObsException.InvalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-* value or the hex SHA-256 of the body.",
                    "x-amz-content-sha256", payload);
            }
            if (chunked && payload != SignatureV4.StreamingSigned && payload != SignatureV4.StreamingSignedTrailer && payload != SignatureV4.StreamingUnsignedTrailer)
            {
                throw ObsException.NotImplemented("the streaming payload " + payload);
            }
            var scope = string.Join("/", day, region, SignatureV4.Service, "aws4_request");
            var canonical = SignatureV4.CanonicalRequest(request, signedHeaders, payload, excludedQuery);
            var stringToSign = SignatureV4.StringToSign(amzDate, scope, canonical);
            var key = SignatureV4.SigningKey(secretKey, day, region);
            CheckSignature(SignatureV4.Sign(key, stringToSign), signature, stringToSign, token);
            if (!chunked)
            {
                RefuseChunkedBody(request);
                return new ObsCaller(accessKey, "x-amz-", IsSha256Hex(payload) ? payload.ToLowerInvariant() : null, null);
            }
            var signing = new ChunkSigning(payload == SignatureV4.StreamingUnsignedTrailer ? null : key, amzDate, scope, signature,
                payload != SignatureV4.StreamingSigned);
            return new ObsCaller(accessKey, "x-amz-", null, signing);
        }

        /// <summary>An aws-chunked body without a V4 streaming signature cannot be decoded safely; storing its framing corrupts the object.</summary>
        private static void RefuseChunkedBody(ObsRequest request)
        {
            if (request.Header("Content-Encoding").Contains("aws-chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw ObsException.InvalidRequest("An aws-chunked body needs a V4 signature with x-amz-content-sha256 STREAMING-*.");
            }
        }

        private (string SecretKey, string? TokenHash) SecretFor(string accessKey)
        {
            try
            {
                return _keys.SecretFor(accessKey);
            }
            catch (ApiException e)
            {
                throw new ObsException(StatusCodes.Status403Forbidden, "InvalidAccessKeyId",
                    "The access key Id you provided does not exist in our records or cannot be used (" + e.Message + ").", ("AWSAccessKeyId", accessKey));
            }
        }

        private static void CheckToken(string? tokenHash, string? token)
        {
            if (tokenHash == null)
            {
                return;
            }
            if (string.IsNullOrEmpty(token))
            {
                throw new ObsException(StatusCodes.Status400BadRequest, "InvalidToken", "This access key needs its security token (x-obs-security-token or x-amz-security-token).");
            }
            if (!Account.SecretEquals(CredentialService.Hash(token), tokenHash))
            {
                throw new ObsException(StatusCodes.Status400BadRequest, "InvalidToken", "The provided token is malformed or otherwise invalid.");
            }
        }

        private void CheckSkew(DateTimeOffset signedAt)
        {
            var now = _clock.GetUtcNow();
            if ((now - signedAt).Duration() > AkSkVerifier.AllowedSkew)
            {
                throw new ObsException(StatusCodes.Status403Forbidden, "RequestTimeTooSkewed",
                    "The difference between the request time and the server's time is too large.",
                    ("RequestTime", signedAt.UtcDateTime.ToString("r", CultureInfo.InvariantCulture)),
                    ("ServerTime", now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture)),
                    ("MaxAllowedSkewMilliseconds", ((long)AkSkVerifier.AllowedSkew.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
            }
        }

        /// <summary>On a mismatch the answer shows the string to sign, as OBS does, but never the security token in it.</summary>
        private static void CheckSignature(string expected, string given, string stringToSign, string? token)
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given)))
            {
                throw ObsException.SignatureDoesNotMatch(string.IsNullOrEmpty(token) ? stringToSign : stringToSign.Replace(token, "(security token)"));
            }
        }

        private static string Required(ObsRequest request, string name) =>
            request.Q(name) is string value && value.Length > 0
                ? value
                : throw ObsException.AccessDenied($"Query-string authentication requires the {name} parameter.");

        private static ObsException Malformed(string detail) =>
            new ObsException(StatusCodes.Status400BadRequest, "AuthorizationHeaderMalformed", "The authorization header is malformed: " + detail + ".");

        private static DateTimeOffset? ParseHttpDate(string text) =>
            DateTimeOffset.TryParseExact(text, HttpDateFormats,
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : ParseAmzDate(text);

        private static DateTimeOffset? ParseAmzDate(string text) =>
            DateTimeOffset.TryParseExact(text, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

        private static bool IsSha256Hex(string value) => value.Length == 64 && value.All(Uri.IsHexDigit);
    }
}
