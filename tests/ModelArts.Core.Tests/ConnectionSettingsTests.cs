using System;
using ModelArts.Core.Auth;
using ModelArts.Core.Endpoints;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Tests
{
    /// <summary>Which connection setting wins: given, then found (environment or profile), then the region catalog.</summary>
    public class ConnectionSettingsTests
    {
        private static readonly Uri Local = new Uri("http://127.0.0.1:8443");

        private static ResolvedSettings Found(string? region = null, string? projectId = null, Uri? endpoint = null, Uri? iam = null) => new ResolvedSettings
        {
            Credentials = new AccessKeyCredentials("AKAKAKAKAKAKAKAKAKAK", "secret"),
            Region = region,
            ProjectId = projectId,
            Endpoint = endpoint,
            IamEndpoint = iam,
            Source = "Environment",
        };

        [Fact]
        public void ACatalogRegionGivesBothEndpointsAndNamesTheProject()
        {
            var merged = ConnectionSettings.Merge(Found(), "eu-de", null, null, null, null, null);

            Assert.Equal(new Uri("https://modelarts.eu-de.otc.t-systems.com"), merged.Endpoint);
            Assert.Equal(new Uri("https://iam.eu-de.otc.t-systems.com"), merged.IamEndpoint);
            Assert.Equal(CloudKind.OpenTelekomCloud, merged.Cloud);
            Assert.Equal("eu-de", merged.ProjectName);
            Assert.Equal("Environment", merged.Source);
        }

        [Fact]
        public void GivenValuesWinOverFoundOnesWhichWinOverTheCatalog()
        {
            var found = Found(region: "eu-de", projectId: "found-project", endpoint: new Uri("https://found.example"), iam: new Uri("https://found-iam.example"));

            var given = ConnectionSettings.Merge(found, null, null, "given-project", null, Local, new Uri("http://127.0.0.1:9000"));
            var fromFound = ConnectionSettings.Merge(found, null, null, null, null, null, null);

            Assert.Equal("given-project", given.ProjectId);
            Assert.Equal(Local, given.Endpoint);
            Assert.Equal(new Uri("http://127.0.0.1:9000"), given.IamEndpoint);
            Assert.Equal("found-project", fromFound.ProjectId);
            Assert.Equal(new Uri("https://found.example"), fromFound.Endpoint);
            Assert.Equal(new Uri("https://found-iam.example"), fromFound.IamEndpoint);
        }

        [Fact]
        public void OutsideTheCatalogIamIsTakenToAnswerAtTheModelArtsAddress()
        {
            var merged = ConnectionSettings.Merge(Found(), "local-1", null, null, null, Local, null);

            Assert.Equal(Local, merged.IamEndpoint);
            Assert.Equal("local-1", merged.ProjectName);
            Assert.Null(merged.Cloud);
        }

        [Fact]
        public void NoRegionAndNoEndpointIsRefusedWithoutNamingCmdletParameters()
        {
            var e = Assert.Throws<ModelArtsValidationException>(() => ConnectionSettings.Merge(Found(), null, null, null, null, null, null));

            Assert.Equal("MissingEndpoint", e.ErrorId);
            Assert.Equal("Region", e.ParameterName);
            Assert.DoesNotContain(" -", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ARegionWithoutModelArtsNeedsAnEndpoint()
        {
            var e = Assert.Throws<ModelArtsValidationException>(() => ConnectionSettings.Merge(Found(), "eu-nl", null, null, null, null, null));

            Assert.Equal("NoModelArtsInRegion", e.ErrorId);
            Assert.DoesNotContain(" -", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AnUnknownRegionOfTheCatalogIsExplainedWithoutNamingCmdletParameters()
        {
            var e = Assert.Throws<ModelArtsValidationException>(() => RegionCatalog.Resolve("eu-xx", CloudKind.OpenTelekomCloud));

            Assert.Equal("UnknownRegion", e.ErrorId);
            Assert.DoesNotContain(" -", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void NoCredentialsFoundIsRefused()
        {
            var found = Found();
            found.Credentials = null;

            var e = Assert.Throws<ModelArtsValidationException>(() => ConnectionSettings.Merge(found, "eu-de", null, null, null, null, null));

            Assert.Equal("MissingCredentials", e.ErrorId);
        }

        [Fact]
        public void TheClientOptionsCarryTheMergedSettings()
        {
            var merged = ConnectionSettings.Merge(Found(projectId: "p"), "eu-de", null, null, null, null, null);

            var options = ConnectionSettings.ToClientOptions(merged);

            Assert.Equal(merged.Endpoint, options.Endpoint);
            Assert.Equal(merged.IamEndpoint, options.IamEndpoint);
            Assert.Equal("p", options.ProjectId);
            Assert.Equal("eu-de", options.ProjectName);
            Assert.Same(merged.Credentials, options.Credentials);
        }
    }
}
