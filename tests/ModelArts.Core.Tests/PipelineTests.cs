using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Tests
{
    public class PipelineTests
    {
        private readonly FakeTime time = new FakeTime();

        private static HttpResponseMessage Engines() => Reply.Json(FakeModelArts.Engines);

        [Fact]
        public async Task RetryAfterSecondsIsHonouredExactly()
        {
            var calls = 0;
            var handler = new FakeHandler(_ => ++calls == 1 ? Reply.Throttled("7") : Engines());
            using var client = TestClients.Create(handler, time);

            var engines = await client.GetEnginesAsync();

            Assert.Equal(3, engines.Count);
            Assert.Equal(2, calls);
            Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, time.Delays);
        }

        [Fact]
        public async Task RetryAfterHttpDateIsHonoured()
        {
            var calls = 0;
            var handler = new FakeHandler(_ => ++calls == 1 ? Reply.Throttled(time.Now.AddSeconds(12).ToString("r")) : Engines());
            using var client = TestClients.Create(handler, time);

            await client.GetEnginesAsync();

            Assert.Equal(new[] { TimeSpan.FromSeconds(12) }, time.Delays);
        }

        [Fact]
        public async Task RetryAfterBeyondTheTotalBudgetIsNotWaitedFor()
        {
            var handler = new FakeHandler(_ => Reply.Throttled("600"));
            using var client = TestClients.Create(handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetEnginesAsync());

            Assert.Equal(ModelArtsErrorKind.Throttled, e.Kind);
            Assert.Equal(TimeSpan.FromSeconds(600), e.RetryAfter);
            Assert.Single(handler.Requests);
            Assert.Empty(time.Delays);
        }

        [Theory]
        [InlineData(408)]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(503)]
        [InlineData(504)]
        public async Task TransientStatusesAreRetriedWithBoundedAttempts(int status)
        {
            var handler = new FakeHandler(_ => Reply.Status(status, "{\"error_code\":\"ModelArts.0010\",\"error_msg\":\"Internal error.\"}"));
            using var client = TestClients.Create(handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetEnginesAsync());

            Assert.Equal(status, e.StatusCode);
            Assert.Equal(4, handler.Requests.Count);
            Assert.Equal(3, time.Delays.Count);
        }

        [Theory]
        [InlineData(400)]
        [InlineData(403)]
        [InlineData(404)]
        [InlineData(501)]
        public async Task PermanentStatusesAreNotRetried(int status)
        {
            var handler = new FakeHandler(_ => Reply.Status(status, "{\"error_code\":\"X.1\",\"error_msg\":\"no\"}"));
            using var client = TestClients.Create(handler, time);

            await Assert.ThrowsAsync<ModelArtsException>(() => client.GetEnginesAsync());

            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task BackoffGrowsExponentiallyWithJitterWithinBounds()
        {
            var handler = new FakeHandler(_ => Reply.Status(503));
            using var client = TestClients.Create(handler, time, o => o.Retry = new ModelArts.Core.Http.RetryOptions { MaxAttempts = 6, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), MaxTotal = TimeSpan.FromHours(1) });

            await Assert.ThrowsAsync<ModelArtsException>(() => client.GetEnginesAsync());

            var expectedCaps = new[] { 1.0, 2.0, 4.0, 5.0, 5.0 };
            Assert.Equal(expectedCaps.Length, time.Delays.Count);
            for (var i = 0; i < expectedCaps.Length; i++)
            {
                Assert.InRange(time.Delays[i].TotalSeconds, expectedCaps[i] / 2, expectedCaps[i]);
            }
        }

        [Fact]
        public async Task TransportFailuresAreRetriedAndReportedAsConnection()
        {
            var handler = new FakeHandler(_ => throw new HttpRequestException("Connection refused"));
            using var client = TestClients.Create(handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetEnginesAsync());

            Assert.Equal(ModelArtsErrorKind.Connection, e.Kind);
            Assert.IsType<HttpRequestException>(e.InnerException);
            Assert.Equal(4, handler.Requests.Count);
        }

        [Fact]
        public async Task CallerCancellationDuringAnAttemptIsNeverRetried()
        {
            using var cancel = new CancellationTokenSource();
            var handler = new FakeHandler(async (request, token) =>
            {
                cancel.Cancel();
                await Task.Delay(Timeout.Infinite, token);
                return Engines();
            });
            using var client = TestClients.Create(handler, time);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetEnginesAsync(cancel.Token));

            Assert.Single(handler.Requests);
            Assert.Empty(time.Delays);
        }

        [Fact]
        public async Task AFailureThatCoincidesWithCancellationIsNotRetried()
        {
            using var cancel = new CancellationTokenSource();
            var handler = new FakeHandler(_ =>
            {
                cancel.Cancel();
                return Reply.Status(503);
            });
            using var client = TestClients.Create(handler, time);

            await Assert.ThrowsAnyAsync<Exception>(() => client.GetEnginesAsync(cancel.Token));

            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task PerAttemptTimeoutIsATimeoutNotACancellation()
        {
            var handler = new FakeHandler(async (request, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return Engines();
            });
            using var client = TestClients.Create(handler, time, o =>
            {
                o.Timeout = TimeSpan.FromMilliseconds(50);
                o.Retry.MaxAttempts = 2;
            });

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetEnginesAsync());

            Assert.Equal(ModelArtsErrorKind.Timeout, e.Kind);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task EveryAttemptIsSignedAnewWithAFreshDate()
        {
            var calls = 0;
            var handler = new FakeHandler(_ => ++calls < 3 ? Reply.Throttled("2") : Engines());
            using var client = TestClients.Create(handler, time);

            await client.GetEnginesAsync();

            var requests = handler.Requests.ToList();
            Assert.Equal(3, requests.Count);
            Assert.Equal(3, requests.Select(r => r.Headers["X-Sdk-Date"]).Distinct().Count());
            Assert.Equal(3, requests.Select(r => r.Headers["Authorization"]).Distinct().Count());
            foreach (var request in requests) AssertValidSignature(request, TestClients.SecretKey);
        }

        [Fact]
        public async Task AkSkRequestsCarrySignedProjectIdAndSecurityToken()
        {
            var handler = new FakeHandler(_ => Engines());
            var options = TestClients.Options(handler, time, new AccessKeyCredentials(TestClients.AccessKey, TestClients.SecretKey, "temporary-security-token"));
            using var client = new ModelArtsClient(options);

            await client.GetEnginesAsync();

            var request = handler.Requests.Single();
            Assert.Equal("/v1/" + TestClients.ProjectId + "/job/ai-engines", request.Path);
            Assert.Equal(TestClients.ProjectId, request.Headers["X-Project-Id"]);
            Assert.Equal("temporary-security-token", request.Headers["X-Security-Token"]);
            var authorization = AkSkSigner.ParseAuthorization(request.Headers["Authorization"])!;
            Assert.Equal(TestClients.AccessKey, authorization.AccessKey);
            Assert.Equal(new[] { "host", "user-agent", "x-project-id", "x-sdk-date", "x-security-token" }, authorization.SignedHeaders);
            Assert.Equal("20261128T150000Z", request.Headers["X-Sdk-Date"]);
            AssertValidSignature(request, TestClients.SecretKey);
            Assert.StartsWith("ModelArts-PowerShell/", request.Headers["User-Agent"]);
            // Accept once, and outside the signature (it is added after signing).
            Assert.Equal(new[] { "application/json" }, request.HeaderPairs.Where(h => h.Key == "Accept").Select(h => h.Value));
        }

        [Fact]
        public async Task ANonIdempotentPostIsOnlyResentAfterA429()
        {
            var service = new FakeModelArts();
            service.Intercept = r => r.Method == "POST" ? Reply.Status(503) : null;
            using var client = TestClients.Create(service.Handler, time);

            var request = new Models.CreateTrainingJobVersionRequest { Config = new Models.TrainingJobConfig { PreVersionId = 1 } };
            await Assert.ThrowsAsync<ModelArtsException>(() => client.CreateTrainingJobVersionAsync(1, request));

            Assert.Single(service.Handler.To("/versions", "POST"));
        }

        [Fact]
        public async Task StopIsRetriedBecauseStoppingTwiceIsHarmless()
        {
            var calls = 0;
            var handler = new FakeHandler(_ => ++calls == 1 ? Reply.Status(502) : Reply.Json("{\"is_success\":true}"));
            using var client = TestClients.Create(handler, time);

            await client.StopTrainingJobAsync(1, 2);

            Assert.Equal(2, handler.To("/stop", "POST").Count);
        }

        [Fact]
        public async Task DeleteWhoseAnswerWasLostCountsA404OnTheRetryAsDone()
        {
            var calls = 0;
            var handler = new FakeHandler(_ => ++calls == 1
                ? throw new HttpRequestException("connection reset")
                : Reply.Status(404, "{\"is_success\":false,\"error_code\":\"ModelArts.0015\",\"error_message\":\"not exist\"}"));
            using var client = TestClients.Create(handler, time);

            await client.DeleteTrainingJobAsync(5);

            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task DeleteOfAMissingJobOnTheFirstAttemptIsNotFound()
        {
            var handler = new FakeHandler(_ => Reply.Status(404, "{\"is_success\":false,\"error_code\":\"ModelArts.0015\",\"error_message\":\"not exist\"}"));
            using var client = TestClients.Create(handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.DeleteTrainingJobAsync(5));

            Assert.Equal(ModelArtsErrorKind.NotFound, e.Kind);
        }

        [Fact]
        public async Task IsSuccessFalseInA200IsAFailure()
        {
            var handler = new FakeHandler(_ => Reply.Json("{\"is_success\":false,\"error_code\":\"ModelArts.0104\",\"error_message\":\"Parameter error.\"}"));
            using var client = TestClients.Create(handler, time);

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => client.GetEnginesAsync());

            Assert.Equal("ModelArts.0104", e.ErrorCode);
        }

        [Fact]
        public async Task CatalogsAreCachedBriefly()
        {
            var handler = new FakeHandler(_ => Engines());
            using var client = TestClients.Create(handler, time);

            await client.GetEnginesAsync();
            await client.GetEnginesAsync();
            time.Now += TimeSpan.FromSeconds(61);
            await client.GetEnginesAsync();

            Assert.Equal(2, handler.Requests.Count);
        }

        internal static void AssertValidSignature(SeenRequest request, string secretKey)
        {
            var authorization = AkSkSigner.ParseAuthorization(request.Headers["Authorization"])!;
            var canonical = AkSkSigner.CanonicalRequest(
                request.Method, request.Uri.AbsolutePath, request.Uri.Query, request.HeaderPairs, authorization.SignedHeaders, AkSkSigner.HashPayload(request.Body));
            var expected = AkSkSigner.ComputeSignature(AkSkSigner.StringToSign(canonical, request.Headers["X-Sdk-Date"]), secretKey);
            Assert.Equal(expected, authorization.Signature);
        }
    }
}
