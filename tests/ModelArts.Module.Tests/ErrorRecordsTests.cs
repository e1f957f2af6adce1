using System.Management.Automation;
using ModelArts.Core.Errors;
using ModelArts.PowerShell.Commands;

namespace ModelArts.Module.Tests
{
    public sealed class ErrorRecordsTests
    {
        [Theory]
        [InlineData(ModelArtsErrorKind.InvalidArgument, "InvalidRequest", ErrorCategory.InvalidArgument)]
        [InlineData(ModelArtsErrorKind.Authentication, "AuthenticationFailed", ErrorCategory.AuthenticationError)]
        [InlineData(ModelArtsErrorKind.PermissionDenied, "PermissionDenied", ErrorCategory.PermissionDenied)]
        [InlineData(ModelArtsErrorKind.ResourceExists, "TrainingJobNameExists", ErrorCategory.ResourceExists)]
        [InlineData(ModelArtsErrorKind.Throttled, "RequestThrottled", ErrorCategory.LimitsExceeded)]
        [InlineData(ModelArtsErrorKind.Timeout, "RequestTimedOut", ErrorCategory.OperationTimeout)]
        [InlineData(ModelArtsErrorKind.ServerError, "ServiceError", ErrorCategory.ResourceUnavailable)]
        [InlineData(ModelArtsErrorKind.Connection, "ConnectionFailed", ErrorCategory.ConnectionError)]
        [InlineData(ModelArtsErrorKind.InvalidResponse, "InvalidServiceResponse", ErrorCategory.InvalidResult)]
        public void EachKindOfServiceErrorHasItsIdAndCategory(ModelArtsErrorKind kind, string id, ErrorCategory category)
        {
            var record = ErrorRecords.From(new ModelArtsException(kind, "It failed."), "the target");

            Assert.Equal(id, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            Assert.Equal("the target", record.TargetObject);
        }

        [Fact]
        public void NotFoundIsAJobByDefaultAndWhatTheCmdletLookedForOtherwise()
        {
            var notFound = new ModelArtsException(ModelArtsErrorKind.NotFound, "No such job.", 404, "ModelArts.0015");

            var job = ErrorRecords.From(notFound, 987654L);
            var flavor = ErrorRecords.From(notFound, "modelarts.vm.none", "FlavorNotFound");

            Assert.Equal("TrainingJobNotFound", job.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, job.CategoryInfo.Category);
            Assert.Equal(987654L, job.TargetObject);
            Assert.Equal("FlavorNotFound", flavor.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, flavor.CategoryInfo.Category);
        }

        [Fact]
        public void TheDetailsCarryTheServiceCodeAndTheRequestId()
        {
            var body = "{\"error_code\":\"ModelArts.0103\",\"error_msg\":\"The job name already exists.\"}";
            var exception = ModelArtsException.FromResponse(400, body, "0123456789abcdef0123456789abcdef", "POST");

            var record = ErrorRecords.From(exception, "duplicate_me");

            Assert.Equal("TrainingJobNameExists", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, record.CategoryInfo.Category);
            Assert.StartsWith("ModelArts.0103: The job name already exists. (request id 0123456789abcdef0123456789abcdef).", record.ErrorDetails.Message);
            Assert.Same(exception, record.Exception);
        }

        [Theory]
        [InlineData(ModelArtsErrorKind.Authentication, "Connect-MaSession")]
        [InlineData(ModelArtsErrorKind.PermissionDenied, "project id")]
        [InlineData(ModelArtsErrorKind.Throttled, "retry later")]
        [InlineData(ModelArtsErrorKind.ServerError, "request id")]
        [InlineData(ModelArtsErrorKind.Connection, "endpoint")]
        public void KindsAUserCanActOnRecommendAnAction(ModelArtsErrorKind kind, string advice)
        {
            var record = ErrorRecords.From(new ModelArtsException(kind, "It failed."), null);

            Assert.Contains(advice, record.ErrorDetails.RecommendedAction);
        }

        [Theory]
        [InlineData(ModelArtsErrorKind.InvalidArgument)]
        [InlineData(ModelArtsErrorKind.NotFound)]
        [InlineData(ModelArtsErrorKind.Timeout)]
        public void OtherKindsRecommendNothing(ModelArtsErrorKind kind)
        {
            var record = ErrorRecords.From(new ModelArtsException(kind, "It failed."), null);

            Assert.True(string.IsNullOrEmpty(record.ErrorDetails.RecommendedAction));
        }

        [Theory]
        [InlineData("InvalidJobName", ErrorCategory.InvalidArgument)]
        [InlineData("DescriptionTooLong", ErrorCategory.InvalidArgument)]
        [InlineData("ProfileNotFound", ErrorCategory.ObjectNotFound)]
        [InlineData("InvalidProfileFile", ErrorCategory.InvalidData)]
        [InlineData("MissingCredentials", ErrorCategory.AuthenticationError)]
        [InlineData("InsecureEndpoint", ErrorCategory.SecurityError)]
        public void ClientChecksKeepTheirIdWithTheMostPreciseCategory(string id, ErrorCategory category)
        {
            var record = ErrorRecords.From(new ModelArtsValidationException(id, "Refused."), "the cmdlet's target");

            Assert.Equal(id, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
        }

        [Fact]
        public void AClientCheckNamesTheValueItRefusedAsTarget()
        {
            var refused = ErrorRecords.From(new ModelArtsValidationException("InvalidJobName", "Refused.", "Name", "has space"), "the cmdlet's target");
            var untargeted = ErrorRecords.From(new ModelArtsValidationException("InvalidJobName", "Refused.", "Name"), "the cmdlet's target");

            Assert.Equal("has space", refused.TargetObject);
            Assert.Equal("the cmdlet's target", untargeted.TargetObject);
        }

        [Fact]
        public void APlainNameThatMatchedNothingIsObjectNotFoundWithTheNameAsTarget()
        {
            var record = ErrorRecords.NotFound("EngineNotFound", "engine", "Theano");

            Assert.Equal("EngineNotFound", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
            Assert.Equal("Theano", record.TargetObject);
            Assert.IsType<ItemNotFoundException>(record.Exception);
            Assert.Equal("No engine matches 'Theano'.", record.Exception.Message);
        }

        [Fact]
        public void NoSessionTellsHowToConnect()
        {
            var record = ErrorRecords.NoSession();

            Assert.Equal("NoSession", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
            Assert.Contains("Connect-MaSession", record.Exception.Message);
        }
    }
}
