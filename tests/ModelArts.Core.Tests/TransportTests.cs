using System;
using System.Collections;
using System.IO;
using System.Net;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using Xunit;

namespace ModelArts.Core.Tests
{
    /// <summary>The environment proxy rules and the PEM bundle reader; the proxy and TLS end to end are in tests/Pester/ConfigTransport.</summary>
    public sealed class TransportTests
    {
        private static EnvironmentProxy Proxy(params string[] pairs)
        {
            var env = new Hashtable();
            for (var i = 0; i < pairs.Length; i += 2) env[pairs[i]] = pairs[i + 1];
            return EnvironmentProxy.FromEnvironment(env)!;
        }

        [Fact]
        public void HttpsTakesHttpsProxyAndHttpTakesHttpProxy()
        {
            var proxy = Proxy("HTTPS_PROXY", "http://secure:3128", "http_proxy", "plain:8080");

            Assert.Equal(new Uri("http://secure:3128/"), proxy.GetProxy(new Uri("https://modelarts.eu-de.otc.t-systems.com/")));
            Assert.Equal(new Uri("http://plain:8080/"), proxy.GetProxy(new Uri("http://obs.example.com/")));
        }

        [Theory]
        [InlineData("https://iam.eu-de.otc.t-systems.com/", true)]
        [InlineData("https://t-systems.com/", true)]
        [InlineData("https://otc.t-systems.com.evil.example/", false)]
        [InlineData("http://127.0.0.1:8443/", true)]
        [InlineData("http://127.0.0.1:9000/", false)]
        [InlineData("https://modelarts.myhuaweicloud.com/", false)]
        public void NoProxyMatchesDomainsSuffixesAndHostPorts(string url, bool bypassed)
        {
            var proxy = Proxy("HTTPS_PROXY", "http://p:3128", "HTTP_PROXY", "http://p:3128", "NO_PROXY", "*.t-systems.com, 127.0.0.1:8443");

            Assert.Equal(bypassed, proxy.IsBypassed(new Uri(url)));
        }

        [Fact]
        public void TheUserInfoOfTheProxyUrlBecomesItsCredentialsAndLeavesTheAddress()
        {
            var proxy = Proxy("HTTPS_PROXY", "http://me%40corp:p%3Ass@proxy:3128");

            var credential = Assert.IsType<NetworkCredential>(proxy.Credentials);
            Assert.Equal("me@corp", credential.UserName);
            Assert.Equal("p:ss", credential.Password);
            Assert.Equal(new Uri("http://proxy:3128/"), proxy.GetProxy(new Uri("https://x.example/")));
        }

        [Fact]
        public void NoVariablesMeanNoProxyAndABadOneIsAnErrorWithoutItsValue()
        {
            Assert.Null(EnvironmentProxy.FromEnvironment(new Hashtable()));
            var e = Assert.Throws<ModelArtsValidationException>(() => Proxy("HTTPS_PROXY", "socks5://user:secret@p:1080"));
            Assert.Equal(ValidationErrorIds.InvalidProxy, e.ErrorId);
            Assert.DoesNotContain("secret", e.Message);
        }

        [Fact]
        public void ABundleWithoutCertificatesOrWithABrokenOneIsRefused()
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "hello\n");
                Assert.Equal(ValidationErrorIds.InvalidCertificateBundle, Assert.Throws<ModelArtsValidationException>(() => CertificateBundle.Load(path)).ErrorId);
                File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
                Assert.StartsWith(path + ":1: expected a base64 DER certificate", Assert.Throws<ModelArtsValidationException>(() => CertificateBundle.Load(path)).Message);
                File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nAAAA\n");
                Assert.Contains("expected -----END CERTIFICATE-----", Assert.Throws<ModelArtsValidationException>(() => CertificateBundle.Load(path)).Message);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
