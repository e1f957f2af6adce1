using System;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;

namespace ModelArts.Core.Tests
{
    /// <summary>Rules with one home in the core, checked where they live.</summary>
    public class RuleTests
    {
        private readonly FakeTime _time = new FakeTime();
        private readonly FakeModelArts _service = new FakeModelArts();

        [Theory]
        [InlineData(0, true)]
        [InlineData(256, true)]
        [InlineData(257, false)]
        public void ADescriptionMayHaveUpTo256Characters(int length, bool allowed)
        {
            var description = new string('d', length);

            var e = Record.Exception(() => TrainingJobDescriptions.EnsureValid(description));

            Assert.Equal(256, TrainingJobDescriptions.MaxLength);
            if (allowed)
            {
                Assert.Null(e);
            }
            else
            {
                Assert.Equal("DescriptionTooLong", Assert.IsType<ModelArtsValidationException>(e).ErrorId);
            }
        }

        [Fact]
        public async Task ChangingTheDescriptionChecksTheLimitBeforeSending()
        {
            using var client = TestClients.Create(_service.Handler, _time);

            var e = await Assert.ThrowsAsync<ModelArtsValidationException>(() => client.UpdateTrainingJobDescriptionAsync(1, new string('d', 257)));

            Assert.Equal("DescriptionTooLong", e.ErrorId);
            Assert.Empty(_service.Handler.Requests);
        }

        [Theory]
        [InlineData("a", true)]
        [InlineData("job_1-x", true)]
        [InlineData("", false)]
        [InlineData("bad name", false)]
        [InlineData("ä", false)]
        public void TheJobNameRuleAndItsMessage(string name, bool valid)
        {
            var e = Record.Exception(() => TrainingJobNames.EnsureValid(name));

            Assert.Equal(valid, TrainingJobNames.IsValid(name));
            if (valid)
            {
                Assert.Null(e);
            }
            else
            {
                var refused = Assert.IsType<ModelArtsValidationException>(e);
                Assert.Equal("InvalidJobName", refused.ErrorId);
                Assert.Contains("1 to 64 letters, digits, '_' or '-'", refused.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void ANameOf65CharactersIsTooLong()
        {
            Assert.True(TrainingJobNames.IsValid(new string('a', 64)));
            Assert.False(TrainingJobNames.IsValid(new string('a', 65)));
        }

        [Theory]
        [InlineData("AKAKAKAKAKAKAKAKAKAK", "AKAK****AKAK")]
        [InlineData("ABCDEFGH", "********")]
        [InlineData("ABC", "***")]
        public void AnAccessKeyIsShownMasked(string accessKey, string shown)
        {
            var credentials = new AccessKeyCredentials(accessKey, "secret");

            Assert.Equal(shown, credentials.MaskedAccessKey);
            Assert.Contains(shown, credentials.Describe(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(500, true)]
        [InlineData(502, true)]
        [InlineData(503, true)]
        [InlineData(504, true)]
        [InlineData(501, false)]
        [InlineData(505, false)]
        public void TransientServerErrorsAreTheRetryLoops(int status, bool transient)
        {
            var failure = new ModelArtsException(ModelArtsErrorKind.ServerError, "x", status, null, null, "GET", new Uri("https://example.test/"));

            Assert.Equal(transient, RetryPolicy.IsTransient(failure));
            Assert.Equal(transient, Outages.Passes(failure, 1, default));
        }

        [Fact]
        public void TheOutageBudgetIsThirtyConsecutiveFailures()
        {
            var failure = new ModelArtsException(ModelArtsErrorKind.Connection, "x");

            Assert.True(Outages.Passes(failure, Outages.MaxConsecutiveFailures - 1, default));
            Assert.False(Outages.Passes(failure, Outages.MaxConsecutiveFailures, default));
        }
    }
}
