using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary>
    /// Signs the temporary log URLs (valid 5 minutes, as on ModelArts) with a key made at start and never written
    /// anywhere: a URL proves the service issued it, and no credential of the account is exposed by it.
    /// </summary>
    internal sealed class LogUrlSigner
    {
        public static readonly TimeSpan Validity = TimeSpan.FromMinutes(5);

        private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

        public string Signature(string jobId, string taskId, long expires)
        {
            var text = jobId + "\n" + taskId + "\n" + expires.ToString(CultureInfo.InvariantCulture);
            return Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public bool IsValid(string jobId, string taskId, string expiresText, string signature, DateTimeOffset now) =>
            long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && expires >= now.ToUnixTimeSeconds()
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(jobId, taskId, expires)), Encoding.ASCII.GetBytes(signature));
    }
}
