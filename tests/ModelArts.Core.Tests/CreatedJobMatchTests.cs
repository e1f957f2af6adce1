using System;
using System.Linq;
using System.Reflection;
using ModelArts.Core.Api;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core.Tests
{
    /// <summary>When a job found after a lost create answer is provably that create's.</summary>
    public class CreatedJobMatchTests
    {
        private static readonly DateTimeOffset Began = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        private static CreateTrainingJobRequest Request() => new CreateTrainingJobRequest
        {
            JobName = "nightly",
            JobDescription = "new run",
            Config = new TrainingJobConfig
            {
                SpecId = 2,
                EngineId = 4,
                AppUrl = "/b/code/",
                BootFileUrl = "/b/code/train.py",
                DataUrl = "/b/data/",
                TrainUrl = "/b/new-out/",
                Parameter = { new Hyperparameter("lr", "0.1") },
            },
        };

        private static TrainingJob Found(DateTimeOffset created) => new TrainingJob
        {
            Name = "nightly",
            Description = "new run",
            CreateTime = created,
            SpecId = 2,
            EngineId = 4,
            WorkerCount = 1,
            CodeDir = "/b/code/",
            BootFile = "/b/code/train.py",
            DataUrl = "/b/data/",
            OutputPath = "/b/new-out/",
            Hyperparameters = new ReadableList<Hyperparameter>(new[] { new Hyperparameter("lr", "0.1") }),
        };

        [Fact]
        public void TheJobThisCallMadeMatches()
        {
            Assert.Null(CreatedJobMatch.Mismatch(Found(Began.AddSeconds(1)), Request(), Began));
        }

        [Fact]
        public void AServiceClockSlightlyBehindStillMatches()
        {
            Assert.Null(CreatedJobMatch.Mismatch(Found(Began - CreatedJobMatch.ClockSkewAllowance + TimeSpan.FromSeconds(1)), Request(), Began));
        }

        [Fact]
        public void AJobCreatedBeforeTheCallIsNotItsEvenWithTheSameConfig()
        {
            Assert.Contains("before this call", CreatedJobMatch.Mismatch(Found(Began.AddHours(-1)), Request(), Began), StringComparison.Ordinal);
        }

        [Fact]
        public void AnotherConfigIsNotItsEvenWhenJustCreated()
        {
            var other = Found(Began.AddSeconds(1));
            other.OutputPath = "/b/old-out/";

            Assert.Contains("output path /b/old-out/", CreatedJobMatch.Mismatch(other, Request(), Began), StringComparison.Ordinal);
        }

        [Fact]
        public void OtherHyperparametersAreAnotherConfig()
        {
            var other = Found(Began.AddSeconds(1));
            other.Hyperparameters = new ReadableList<Hyperparameter>(new[] { new Hyperparameter("lr", "0.2") });

            Assert.Contains("hyperparameters", CreatedJobMatch.Mismatch(other, Request(), Began), StringComparison.Ordinal);
        }

        [Fact]
        public void FieldsTheServiceDoesNotEchoAreNotCompared()
        {
            var sparse = Found(Began.AddSeconds(1));
            sparse.SpecId = null;
            sparse.DataUrl = null;

            Assert.Null(CreatedJobMatch.Mismatch(sparse, Request(), Began));
        }

        [Fact]
        public void EveryValidationErrorIdIsNamedAfterItselfAndListedOnce()
        {
            var ids = typeof(ValidationErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).ToList();

            Assert.NotEmpty(ids);
            Assert.All(ids, f => Assert.Equal(f.Name, (string)f.GetValue(null)!));
            Assert.Equal(ids.Count, ids.Select(f => (string)f.GetValue(null)!).Distinct().Count());
        }
    }
}
