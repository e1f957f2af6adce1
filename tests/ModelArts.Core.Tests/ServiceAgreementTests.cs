using System;
using System.Linq;
using ModelArts.Core;
using ModelArts.Core.Models;
using ModelArts.Emulator.Api;
using Xunit;
using ServiceStatus = ModelArts.Emulator.Storage.JobStatus;

namespace ModelArts.Core.Tests
{
    /// <summary>
    /// The module checks some of the service's rules before sending; the local service applies them too. Each has one
    /// home on either side, and these tests keep the two in step.
    /// </summary>
    public sealed class ServiceAgreementTests
    {
        [Fact]
        public void DescriptionLimitIsTheSame() =>
            Assert.Equal(TrainingJobDescriptions.MaxLength, JobRules.MaxDescriptionLength);

        [Theory]
        [InlineData("a")]
        [InlineData("job_1-A")]
        [InlineData("")]
        [InlineData("has space")]
        [InlineData("dot.name")]
        [InlineData("newline\n")]
        [InlineData("ünï")]
        public void JobNameRuleIsTheSame(string name) =>
            Assert.Equal(TrainingJobNames.IsValid(name), JobRules.JobName.IsMatch(name));

        [Fact]
        public void JobNameLengthLimitIsTheSame()
        {
            foreach (var length in new[] { 63, 64, 65 })
            {
                var name = new string('n', length);
                Assert.Equal(TrainingJobNames.IsValid(name), JobRules.JobName.IsMatch(name));
            }
        }

        [Fact]
        public void TerminalStatusesAreTheSame()
        {
            foreach (var status in Enum.GetValues(typeof(JobStatus)).Cast<JobStatus>().Where(s => s != JobStatus.Unknown))
            {
                Assert.True(status.IsTerminal() == ServiceStatus.IsTerminal((int)status), $"{status} ({(int)status})");
            }
        }
    }
}
