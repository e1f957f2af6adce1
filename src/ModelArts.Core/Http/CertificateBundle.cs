using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Http
{
    /// <summary>The certificates of a PEM file (a corporate CA bundle); netstandard2.0 has no PEM reader of its own.</summary>
    internal static class CertificateBundle
    {
        private const string Begin = "-----BEGIN CERTIFICATE-----";
        private const string End = "-----END CERTIFICATE-----";

        public static X509Certificate2Collection Load(string path)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Invalid(path + ": " + e.Message);
            }

            var certificates = new X509Certificate2Collection();
            List<string>? body = null;
            var start = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line == Begin)
                {
                    body = new List<string>();
                    // Errors point at the BEGIN line (1-based).
                    start = i + 1;
                }
                else if (line == End && body != null)
                {
                    certificates.Add(Decode(path, start, string.Concat(body)));
                    body = null;
                }
                else
                {
                    body?.Add(line);
                }
            }

            if (body != null)
            {
                throw Invalid(path + ":" + start + ": expected " + End + " before the end of the file.");
            }

            if (certificates.Count == 0)
            {
                throw Invalid(path + ": expected at least one " + Begin + " block.");
            }

            return certificates;
        }

        private static X509Certificate2 Decode(string path, int line, string base64)
        {
            try
            {
                return new X509Certificate2(Convert.FromBase64String(base64));
            }
            catch (Exception e) when (e is FormatException || e is CryptographicException)
            {
                throw Invalid(path + ":" + line + ": expected a base64 DER certificate (" + e.Message + ").");
            }
        }

        private static ModelArtsValidationException Invalid(string message) =>
            new ModelArtsValidationException(ValidationErrorIds.InvalidCertificateBundle, message, "CertificateBundle");
    }
}
