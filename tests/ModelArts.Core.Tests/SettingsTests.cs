using System;
using System.Collections;
using System.IO;
using System.Runtime.InteropServices;
using ModelArts.Core.Auth;
using ModelArts.Core.Endpoints;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Tests
{
    public sealed class SettingsTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "ma-tests-" + Guid.NewGuid().ToString("N"));

        private string ProfilePath => Path.Combine(directory, "nested", "profiles.json");

        public void Dispose()
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }

        private Hashtable Environment(params string[] pairs)
        {
            var env = new Hashtable { [ProfileStore.PathVariable] = ProfilePath };
            for (var i = 0; i < pairs.Length; i += 2) env[pairs[i]] = pairs[i + 1];
            return env;
        }

        [Theory]
        [InlineData("eu-de", CloudKind.OpenTelekomCloud, "https://modelarts.eu-de.otc.t-systems.com/", "https://iam.eu-de.otc.t-systems.com/")]
        [InlineData("cn-north-4", CloudKind.HuaweiCloud, "https://modelarts.cn-north-4.myhuaweicloud.com/", "https://iam.myhuaweicloud.com/")]
        [InlineData("ap-southeast-1", CloudKind.HuaweiCloud, "https://modelarts.ap-southeast-1.myhuaweicloud.cn/", "https://iam.myhuaweicloud.com/")]
        public void TheCatalogKnowsTheEndpoints(string region, CloudKind cloud, string modelArts, string iam)
        {
            var endpoints = RegionCatalog.Resolve(region);

            Assert.Equal(cloud, endpoints.Cloud);
            Assert.Equal(modelArts, endpoints.ModelArts!.ToString());
            Assert.Equal(iam, endpoints.Iam.ToString());
        }

        [Fact]
        public void OtcEuNlHasIamButNoModelArts()
        {
            var endpoints = RegionCatalog.Resolve("EU-NL");

            Assert.Equal(CloudKind.OpenTelekomCloud, endpoints.Cloud);
            Assert.Null(endpoints.ModelArts);
            Assert.Equal("https://iam.eu-nl.otc.t-systems.com/", endpoints.Iam.ToString());
        }

        [Fact]
        public void AnUnknownRegionListsTheKnownOnes()
        {
            var e = Assert.Throws<ModelArtsValidationException>(() => RegionCatalog.Resolve("mars-1"));

            Assert.Equal("UnknownRegion", e.ErrorId);
            Assert.Contains("cn-north-4", e.Message);
            Assert.Contains("eu-de", RegionCatalog.Regions);
        }

        [Theory]
        [InlineData("https://x.example.com", false, true)]
        [InlineData("http://x.example.com", false, false)]
        [InlineData("http://x.example.com", true, true)]
        [InlineData("http://127.0.0.1:8080", false, true)]
        [InlineData("http://127.8.9.10", false, true)]
        [InlineData("http://[::1]:80", false, true)]
        [InlineData("http://localhost:5000", false, true)]
        [InlineData("ftp://x.example.com", true, false)]
        public void EndpointPolicy(string uri, bool allowInsecure, bool allowed)
        {
            var check = Record.Exception(() => Endpoints.EndpointPolicy.Validate(new Uri(uri), allowInsecure));
            Assert.Equal(allowed, check == null);
        }

        [Fact]
        public void ExplicitCredentialsWinAndTakeSettingsFromTheEnvironment()
        {
            var env = Environment("HUAWEICLOUD_SDK_AK", "envak", "HUAWEICLOUD_SDK_SK", "envsk", "OS_PROJECT_NAME", "eu-de_team", "OS_AUTH_URL", "https://iam.eu-de.otc.t-systems.com/v3");

            var settings = CredentialChain.Resolve(new AccessKeyCredentials("ABCDEFGHIJKL", "secret"), null, env);

            Assert.Equal("Explicit", settings.Source);
            Assert.Equal("ABCDEFGHIJKL", ((AccessKeyCredentials)settings.Credentials!).AccessKey);
            Assert.Equal("eu-de", settings.Region);
            Assert.Equal("eu-de_team", settings.ProjectName);
            Assert.Equal("https://iam.eu-de.otc.t-systems.com/v3", settings.IamEndpoint!.ToString());
        }

        [Fact]
        public void HuaweiSdkVariablesGiveAkSk()
        {
            var env = Environment("HUAWEICLOUD_SDK_AK", "AKENVIRONMENT1234", "HUAWEICLOUD_SDK_SK", "sk", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "st", "HUAWEICLOUD_SDK_PROJECT_ID", "pid");

            var settings = CredentialChain.Resolve(null, null, env);

            var keys = Assert.IsType<AccessKeyCredentials>(settings.Credentials);
            Assert.Equal("st", keys.SecurityToken);
            Assert.Equal("pid", settings.ProjectId);
            Assert.Equal("Environment", keys.Source);
            Assert.Equal("temporary AK/SK AKEN****1234 (Environment)", keys.Describe());
        }

        [Fact]
        public void OpenStackVariablesGiveAPassword()
        {
            var env = Environment("OS_USERNAME", "alice", "OS_PASSWORD", "pw ", "OS_DOMAIN_NAME", "acme", "OS_PROJECT_ID", "pid");

            var settings = CredentialChain.Resolve(null, null, env);

            var password = Assert.IsType<PasswordCredentials>(settings.Credentials);
            Assert.Equal("pw ", password.Password);
            Assert.Equal("acme", password.DomainName);
            Assert.Equal("pid", settings.ProjectId);
            Assert.DoesNotContain("pw", password.Describe());
        }

        [Fact]
        public void WithoutADomainTheUserIsTheAccount()
        {
            Assert.Equal("alice", new PasswordCredentials("alice", "pw", null).DomainName);
        }

        [Fact]
        public void NothingAnywhereIsMissingCredentials()
        {
            var e = Assert.Throws<ModelArtsValidationException>(() => CredentialChain.Resolve(null, null, Environment()));
            Assert.Equal("MissingCredentials", e.ErrorId);
        }

        [Fact]
        public void TheDefaultProfileComesLast()
        {
            var store = new ProfileStore(ProfilePath);
            store.Save(CredentialChain.DefaultProfile, new ResolvedSettings { Credentials = new AccessKeyCredentials("PROFILEAK", "profilesk"), Region = "eu-de", ProjectId = "p" });

            Assert.Equal("Profile:default", CredentialChain.Resolve(null, null, Environment()).Source);
            Assert.Equal("Environment", CredentialChain.Resolve(null, null, Environment("OS_USERNAME", "u", "OS_PASSWORD", "p")).Source);
        }

        [Fact]
        public void ANamedProfileIsUsedAsAsked()
        {
            var store = new ProfileStore(ProfilePath);
            store.Save("work", new ResolvedSettings
            {
                Credentials = new PasswordCredentials("bob", "pw", "acme"),
                Region = "eu-de",
                Cloud = CloudKind.OpenTelekomCloud,
                ProjectName = "eu-de",
                Endpoint = new Uri("https://modelarts.eu-de.otc.t-systems.com"),
                IamEndpoint = new Uri("https://iam.eu-de.otc.t-systems.com/v3"),
            });

            var settings = CredentialChain.Resolve(null, "work", Environment("HUAWEICLOUD_SDK_AK", "a", "HUAWEICLOUD_SDK_SK", "b"));

            Assert.Equal("Profile:work", settings.Source);
            var password = Assert.IsType<PasswordCredentials>(settings.Credentials);
            Assert.Equal("bob", password.UserName);
            Assert.Equal("Profile:work", password.Source);
            Assert.Equal(CloudKind.OpenTelekomCloud, settings.Cloud);
            Assert.Equal("https://iam.eu-de.otc.t-systems.com/v3", settings.IamEndpoint!.ToString());
            Assert.Equal("ProfileNotFound", Assert.Throws<ModelArtsValidationException>(() => CredentialChain.Resolve(null, "nope", Environment())).ErrorId);
        }

        [Fact]
        public void ProfilesCanBeListedAndRemoved()
        {
            var store = new ProfileStore(ProfilePath);
            store.Save("a", new ResolvedSettings { Region = "eu-de" });
            store.Save("b", new ResolvedSettings { Region = "eu-nl" });

            Assert.Equal(new[] { "a", "b" }, store.Names());
            Assert.True(store.Remove("a"));
            Assert.False(store.Remove("a"));
            Assert.Null(store.Load("a"));
            Assert.Equal("eu-nl", store.Load("B")!.Region);
        }

        [Fact]
        public void TheProfileFileIsOwnerOnly()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            var store = new ProfileStore(ProfilePath);

            store.Save("x", new ResolvedSettings { Credentials = new AccessKeyCredentials("AK", "SECRET") });
            store.Save("y", new ResolvedSettings { Credentials = new AccessKeyCredentials("AK2", "SECRET2") });

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ProfilePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(ProfilePath)!));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(ProfilePath)!));
        }
    }
}
