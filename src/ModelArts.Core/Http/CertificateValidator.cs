using System;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// The server certificate check: the platform's, plus the roots of a bundle when one is given. A rejection is
    /// written into the request's properties, so the transport error can say which check failed.
    /// </summary>
    internal sealed class CertificateValidator
    {
        public const string FailureProperty = "ModelArts.CertificateFailure";

        private readonly X509Certificate2Collection? _bundle;
        private readonly bool _skip;

        public CertificateValidator(X509Certificate2Collection? bundle, bool skip)
        {
            _bundle = bundle;
            _skip = skip;
        }

        public static string? FailureOf(HttpRequestMessage message) =>
            message.Properties.TryGetValue(FailureProperty, out var failure) ? failure as string : null;

        public bool Validate(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (_skip || errors == SslPolicyErrors.None)
            {
                return true;
            }

            var failure = Check(message.RequestUri?.Host, certificate, chain, errors);
            if (failure != null)
            {
                message.Properties[FailureProperty] = failure;
            }

            return failure == null;
        }

        private string? Check(string? host, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                return "the server sent no certificate";
            }

            // A bundle adds roots; it never excuses a certificate issued to another name.
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return "name check: the certificate (" + certificate.Subject + ") is not issued to " + host;
            }

            if (_bundle == null)
            {
                return "chain check: " + Describe(chain) + " (a corporate CA can be added with -CertificateBundle)";
            }

            using var withBundle = new X509Chain();
            withBundle.ChainPolicy.ExtraStore.AddRange(_bundle);
            withBundle.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            withBundle.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            var built = withBundle.Build(certificate);
            var root = withBundle.ChainElements.Count == 0 ? null : withBundle.ChainElements[withBundle.ChainElements.Count - 1].Certificate;
            var rootFromBundle = root != null && _bundle.Cast<X509Certificate2>().Any(c => c.Thumbprint == root.Thumbprint);
            // The unknown-CA allowance is only for a root of the bundle; every other status still fails.
            var otherProblems = withBundle.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.UntrustedRoot && s.Status != X509ChainStatusFlags.NoError).ToList();
            if (built && rootFromBundle && otherProblems.Count == 0)
            {
                return null;
            }

            return "chain check with the bundle: " + (otherProblems.Count > 0
                ? string.Join("; ", otherProblems.Select(s => s.Status + " (" + s.StatusInformation.Trim() + ")"))
                : "the chain ends at " + (root?.Subject ?? "no root") + ", which is neither a trusted root nor in the bundle");
        }

        private static string Describe(X509Chain? chain)
        {
            var statuses = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).ToList();
            return statuses == null || statuses.Count == 0
                ? "the chain is not trusted"
                : string.Join("; ", statuses.Select(s => s.Status + " (" + s.StatusInformation.Trim() + ")"));
        }
    }
}
