using System;
using System.Collections;
using System.IO;
using ModelArts.Core.Auth;
using ModelArts.Core.Errors;
using Xunit;

namespace ModelArts.Core.Tests
{
    /// <summary>clouds.yaml + secure.yaml and the Huawei SDK credentials file, read from real files.</summary>
    public sealed class ConfigFileTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "ma-config-" + Guid.NewGuid().ToString("N"));

        public ConfigFileTests() => Directory.CreateDirectory(directory);

        public void Dispose() => Directory.Delete(directory, true);

        private string Write(string name, string text)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            return path;
        }

        // No user file may answer: the folder under test is the only clouds.yaml.
        private Hashtable Environment(params string[] pairs)
        {
            var env = new Hashtable { [ProfileStore.PathVariable] = Path.Combine(directory, "profiles.json") };
            for (var i = 0; i < pairs.Length; i += 2) env[pairs[i]] = pairs[i + 1];
            return env;
        }

        [Fact]
        public void SecureYamlIsMergedKeyByKeyOverCloudsYaml()
        {
            Write("clouds.yaml", "clouds:\n  otc:\n    region_name: eu-de\n    auth:\n      auth_url: https://iam.eu-de.otc.t-systems.com/v3\n"
                + "      username: alice\n      password: old\n      domain_name: OTC00000000001000000001\n      project_name: eu-de_team\n");
            Write("secure.yaml", "clouds:\n  otc:\n    auth:\n      password: from-secure\n");

            var settings = CloudsYaml.Resolve("otc", Environment(), directory);

            var password = Assert.IsType<PasswordCredentials>(settings.Credentials);
            Assert.Equal("alice", password.UserName);
            Assert.Equal("from-secure", password.Password);
            Assert.Equal("OTC00000000001000000001", password.DomainName);
            Assert.Equal("eu-de_team", settings.ProjectName);
            Assert.Equal("eu-de", settings.Region);
            Assert.Equal(new Uri("https://iam.eu-de.otc.t-systems.com/v3"), settings.IamEndpoint);
            Assert.Equal("CloudsYaml:otc (" + Path.Combine(directory, "clouds.yaml") + ", " + Path.Combine(directory, "secure.yaml") + ")", settings.Source);
        }

        [Fact]
        public void AkSkComeFromTheCloudsTopLevelAsOtcExtensionsReadsThem()
        {
            Write("clouds.yaml", "clouds:\n  keys:\n    access_key: AKEXAMPLE0000000001\n    secret_key: sk-example\n    auth:\n      project_id: p-1\n");

            var settings = CloudsYaml.Resolve("keys", Environment(), directory);

            var keys = Assert.IsType<AccessKeyCredentials>(settings.Credentials);
            Assert.Equal("AKEXAMPLE0000000001", keys.AccessKey);
            Assert.Equal("sk-example", keys.SecretKey);
            Assert.Equal("p-1", settings.ProjectId);
        }

        [Fact]
        public void OsClientConfigFileReplacesTheSearchPath()
        {
            var elsewhere = Write("elsewhere.yaml", "clouds:\n  far:\n    ak: AKEXAMPLE0000000002\n    sk: sk\n");

            var settings = CloudsYaml.Resolve("far", Environment("OS_CLIENT_CONFIG_FILE", elsewhere), directory);

            Assert.StartsWith("CloudsYaml:far (" + elsewhere, settings.Source);
        }

        [Fact]
        public void AMissingCloudListsTheCloudsThereAre()
        {
            Write("clouds.yaml", "clouds:\n  b: {region_name: eu-de}\n  a: {region_name: eu-nl}\n");

            var e = Assert.Throws<ModelArtsValidationException>(() => CloudsYaml.Resolve("c", Environment(), directory));

            Assert.Equal(ValidationErrorIds.CloudNotFound, e.ErrorId);
            Assert.Contains("has the clouds a, b", e.Message);
        }

        [Theory]
        [InlineData("clouds:\n  x:\n    auth: [1, 2]\n", ":3:11: expected 'auth' to be a mapping.")]
        [InlineData("clouds:\n  - x\n", ":2:3: expected 'clouds' to be a mapping of cloud names.")]
        [InlineData("clouds:\n  x:\n    auth:\n      password: 'open\n", ":4:")]
        public void MalformedYamlNamesFileLineAndColumn(string yaml, string expected)
        {
            var path = Write("clouds.yaml", yaml);

            var e = Assert.Throws<ModelArtsValidationException>(() => CloudsYaml.Resolve("x", Environment(), directory));

            Assert.Equal(ValidationErrorIds.InvalidCloudsYaml, e.ErrorId);
            Assert.StartsWith(path + ":", e.Message);
            Assert.Contains(expected, e.Message);
            Assert.DoesNotContain("open", e.Message.Substring(path.Length));
        }

        [Fact]
        public void TheCredentialsFileReadsBasicOnly()
        {
            var path = Write("credentials", "; comment\n[global]\nak = GLOBALAK\nsk = global\n\n[basic]\nak = BASICAK00000000001\nsk = basic-sk\n"
                + "security_token = tok\nproject_id = p-2\niam_endpoint = https://iam.example.com\n");

            var settings = CredentialsFile.Load(Environment(CredentialsFile.PathVariable, path))!;

            var keys = Assert.IsType<AccessKeyCredentials>(settings.Credentials);
            Assert.Equal("BASICAK00000000001", keys.AccessKey);
            Assert.Equal("tok", keys.SecurityToken);
            Assert.Equal("p-2", settings.ProjectId);
            Assert.Equal(new Uri("https://iam.example.com"), settings.IamEndpoint);
            Assert.Equal("CredentialsFile:" + path, settings.Source);
        }

        [Fact]
        public void ACredentialsFileWithoutKeysLetsTheChainGoOn()
        {
            var path = Write("credentials", "[basic]\nproject_id = p-3\n");

            Assert.Null(CredentialsFile.Load(Environment(CredentialsFile.PathVariable, path)));
        }

        [Theory]
        [InlineData("ak = before-any-section\n", 1, "expected a section header such as [basic] before the first key")]
        [InlineData("[basic\n", 1, "expected a section header such as [basic]")]
        [InlineData("[basic]\nak = A\njust-a-secret-line\n", 3, "expected key = value")]
        public void AMalformedCredentialsFileNamesTheLineNotItsText(string text, int line, string expected)
        {
            var path = Write("credentials", text);

            var e = Assert.Throws<ModelArtsValidationException>(() => CredentialsFile.Load(Environment(CredentialsFile.PathVariable, path)));

            Assert.Equal(path + ":" + line + ": " + expected + ".", e.Message);
        }

        [Fact]
        public void TheChainPutsOsCloudAfterTheEnvironmentAndBeforeTheCredentialsFile()
        {
            Write("clouds.yaml", "clouds:\n  c:\n    ak: AKCLOUDS00000000001\n    sk: s\n    auth: {project_id: p}\n");
            var file = Write("credentials", "[basic]\nak = AKFILE0000000000001\nsk = s\nproject_id = p\n");

            var fromCloud = CredentialChain.Resolve(null, environment: Environment("OS_CLOUD", "c", CredentialsFile.PathVariable, file), currentDirectory: directory);
            var fromEnvironment = CredentialChain.Resolve(
                null, environment: Environment("OS_CLOUD", "c", CredentialsFile.PathVariable, file, "HUAWEICLOUD_SDK_AK", "AKENV00000000000001", "HUAWEICLOUD_SDK_SK", "s"), currentDirectory: directory);
            var fromFile = CredentialChain.Resolve(null, environment: Environment(CredentialsFile.PathVariable, file), currentDirectory: directory);

            Assert.StartsWith("CloudsYaml:c", fromCloud.Source);
            Assert.Equal("Environment", fromEnvironment.Source);
            Assert.Equal("CredentialsFile:" + file, fromFile.Source);
        }
    }
}
