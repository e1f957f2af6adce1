using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;

namespace ModelArts.Core.Tests
{
    /// <summary>The retry loop's probe for requests that must not take effect twice, as one class.</summary>
    public class RetryProbeTests
    {
        private readonly FakeTime _time = new FakeTime();
        private readonly List<string> _log = new List<string>();

        private RetryPolicy Policy(int attempts = 4) =>
            new RetryPolicy(new RetryOptions { MaxAttempts = attempts }, () => _time.Now, _time.Delay);

        private static ModelArtsException Failure(ModelArtsErrorKind kind, int? status = null) =>
            new ModelArtsException(kind, kind + " failure", status, null, null, "POST", new Uri("https://example.test/"));

        /// <summary>An attempt that fails with the given failures in turn, then succeeds with "sent".</summary>
        private Func<int, CancellationToken, Task<string>> Attempts(params ModelArtsException[] failures) => (number, _) =>
        {
            _log.Add("attempt " + number);
            return number <= failures.Length ? Task.FromException<string>(failures[number - 1]) : Task.FromResult("sent");
        };

        /// <summary>A probe that finds nothing the first <paramref name="misses"/> times, then "found".</summary>
        private Func<CancellationToken, Task<string?>> Probe(int misses)
        {
            var looks = 0;
            return _ =>
            {
                _log.Add("probe");
                return Task.FromResult(++looks > misses ? "found" : null);
            };
        }

        [Fact]
        public async Task AnUnknownOutcomeIsProbedBeforeTheNextAttempt()
        {
            var result = await Policy().ExecuteAsync(Attempts(Failure(ModelArtsErrorKind.Connection)), RetryPolicy.IsTransient, Probe(0), CancellationToken.None);

            Assert.Equal("found", result);
            Assert.Equal(new[] { "attempt 1", "probe" }, _log);
        }

        [Fact]
        public async Task NothingFoundIsSentAgain()
        {
            var result = await Policy().ExecuteAsync(Attempts(Failure(ModelArtsErrorKind.ServerError, 503)), RetryPolicy.IsTransient, Probe(1), CancellationToken.None);

            Assert.Equal("sent", result);
            Assert.Equal(new[] { "attempt 1", "probe", "attempt 2" }, _log);
        }

        [Fact]
        public async Task AThrottledAttemptIsSentAgainWithoutAProbe()
        {
            var result = await Policy().ExecuteAsync(Attempts(Failure(ModelArtsErrorKind.Throttled, 429)), RetryPolicy.IsTransient, Probe(0), CancellationToken.None);

            Assert.Equal("sent", result);
            Assert.Equal(new[] { "attempt 1", "attempt 2" }, _log);
        }

        [Fact]
        public async Task ARepeatRefusedAsExistingIsProbedAgain()
        {
            // The lost attempt made it, but the first look ran before it was listed.
            var result = await Policy().ExecuteAsync(
                Attempts(Failure(ModelArtsErrorKind.Timeout), Failure(ModelArtsErrorKind.ResourceExists, 400)), RetryPolicy.IsTransient, Probe(1), CancellationToken.None);

            Assert.Equal("found", result);
            Assert.Equal(new[] { "attempt 1", "probe", "attempt 2", "probe" }, _log);
        }

        [Fact]
        public async Task ARepeatRefusedAsExistingWithNothingFoundIsNameExists()
        {
            var e = await Assert.ThrowsAsync<ModelArtsException>(() => Policy().ExecuteAsync(
                Attempts(Failure(ModelArtsErrorKind.Timeout), Failure(ModelArtsErrorKind.ResourceExists, 400)), RetryPolicy.IsTransient, Probe(5), CancellationToken.None));

            Assert.Equal(ModelArtsErrorKind.ResourceExists, e.Kind);
        }

        [Fact]
        public async Task AfterTheLastAttemptOneMoreLookFindsWhatALostAnswerMade()
        {
            var lost = Failure(ModelArtsErrorKind.Connection);

            var result = await Policy(attempts: 2).ExecuteAsync(Attempts(lost, lost), RetryPolicy.IsTransient, Probe(1), CancellationToken.None);

            Assert.Equal("found", result);
            Assert.Equal(new[] { "attempt 1", "probe", "attempt 2", "probe" }, _log);
        }

        [Fact]
        public async Task AnOutcomeUnknownFailureThatIsNotRetriedIsStillLookedFor()
        {
            var result = await Policy().ExecuteAsync(Attempts(Failure(ModelArtsErrorKind.ServerError, 501)), RetryPolicy.IsTransient, Probe(0), CancellationToken.None);

            Assert.Equal("found", result);
            Assert.Equal(new[] { "attempt 1", "probe" }, _log);
        }

        [Fact]
        public async Task WhenTheLastLookFailsTooTheAttemptsFailureIsReported()
        {
            var lost = Failure(ModelArtsErrorKind.Connection);
            var looks = 0;

            var e = await Assert.ThrowsAsync<ModelArtsException>(() => Policy(attempts: 1).ExecuteAsync(
                Attempts(lost), RetryPolicy.IsTransient, _ => ++looks > 0 ? throw Failure(ModelArtsErrorKind.Timeout) : Task.FromResult<string?>(null), CancellationToken.None));

            Assert.Same(lost, e);
            Assert.Equal(1, looks);
        }

        [Fact]
        public async Task ALastLookThatFindsTheNameTakenReportsNameExists()
        {
            var e = await Assert.ThrowsAsync<ModelArtsException>(() => Policy(attempts: 1).ExecuteAsync(
                Attempts(Failure(ModelArtsErrorKind.Connection)), RetryPolicy.IsTransient, _ => throw Failure(ModelArtsErrorKind.ResourceExists), CancellationToken.None));

            Assert.Equal(ModelArtsErrorKind.ResourceExists, e.Kind);
        }
    }
}
