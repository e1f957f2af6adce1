using System.Threading.Tasks;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Tests
{
    public class ErrorTests
    {
        [Fact]
        public void V1ErrorMessageShape()
        {
            var e = ModelArtsException.FromResponse(400, "{\"is_success\":false,\"error_message\":\"Job name:x is existed\",\"error_code\":\"ModelArts.0103\"}", "req-1");

            Assert.Equal(ModelArtsErrorKind.ResourceExists, e.Kind);
            Assert.Equal("ModelArts.0103", e.ErrorCode);
            Assert.Equal("req-1", e.RequestId);
            Assert.Equal("ModelArts.0103: Job name:x is existed (request id req-1)", e.Message);
            Assert.Equal("Job name:x is existed", e.ServiceMessage);
        }

        [Fact]
        public void GeneralErrorMsgShapeWithRequestIdInTheBody()
        {
            var e = ModelArtsException.FromResponse(401, "{\"error_msg\":\"Incorrect IAM authentication information: verify aksk signature fail\",\"error_code\":\"APIG.0301\",\"request_id\":\"body-id\"}", null);

            Assert.Equal(ModelArtsErrorKind.Authentication, e.Kind);
            Assert.Equal("APIG.0301", e.ErrorCode);
            Assert.Equal("body-id", e.RequestId);
            Assert.Contains("verify aksk signature fail", e.Message);
        }

        [Fact]
        public void NestedIamShape()
        {
            var e = ModelArtsException.FromResponse(403, "{\"error\":{\"code\":403,\"message\":\"You have no permission.\",\"title\":\"Forbidden\"}}", "req-3");

            Assert.Equal(ModelArtsErrorKind.PermissionDenied, e.Kind);
            Assert.Equal("403", e.ErrorCode);
            Assert.Equal("403: You have no permission. (request id req-3)", e.Message);
        }

        [Theory]
        [InlineData(400, ModelArtsErrorKind.InvalidArgument)]
        [InlineData(401, ModelArtsErrorKind.Authentication)]
        [InlineData(403, ModelArtsErrorKind.PermissionDenied)]
        [InlineData(404, ModelArtsErrorKind.NotFound)]
        [InlineData(408, ModelArtsErrorKind.Timeout)]
        [InlineData(409, ModelArtsErrorKind.ResourceExists)]
        [InlineData(429, ModelArtsErrorKind.Throttled)]
        [InlineData(500, ModelArtsErrorKind.ServerError)]
        [InlineData(503, ModelArtsErrorKind.ServerError)]
        public void StatusMapsToKind(int status, ModelArtsErrorKind kind)
        {
            Assert.Equal(kind, ModelArtsException.FromResponse(status, null, null).Kind);
        }

        [Fact]
        public void ANonJsonBodyStillGivesAMessage()
        {
            var e = ModelArtsException.FromResponse(502, "<html>Bad Gateway</html>", null);

            Assert.Equal(ModelArtsErrorKind.ServerError, e.Kind);
            Assert.Contains("Bad Gateway", e.Message);
        }

        [Fact]
        public async Task AnHttpFailureKeepsStatusCodeRequestIdMethodAndUri()
        {
            var time = new FakeTime();
            var handler = new FakeHandler(_ => Reply.Json("{\"is_success\":false,\"error_code\":\"ModelArts.0015\",\"error_message\":\"The resource you requested is not exist\"}", System.Net.HttpStatusCode.NotFound, "req-404"));
            using var client = TestClients.Create(handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetTrainingJobAsync(7, 8));

            Assert.Equal(404, e.StatusCode);
            Assert.Equal(ModelArtsErrorKind.NotFound, e.Kind);
            Assert.Equal("req-404", e.RequestId);
            Assert.Equal("GET", e.Method);
            Assert.EndsWith("/training-jobs/7/versions/8", e.RequestUri!.AbsolutePath);
            Assert.Equal("ModelArts.0015: The resource you requested is not exist (request id req-404)", e.Message);
        }
    }
}
