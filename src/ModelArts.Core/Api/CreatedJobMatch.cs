using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelArts.Core.Models;

namespace ModelArts.Core.Api
{
    /// <summary>
    /// Whether a job found by name after a lost create answer is that create's: made since the call began and with the
    /// config it sent. Fields the service does not echo are not compared; a difference in any it does echo disproves it.
    /// </summary>
    internal static class CreatedJobMatch
    {
        /// <summary>How far the service's clock may lag the client's: found jobs created earlier than that predate the call.</summary>
        public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromSeconds(30);

        /// <summary>Null when <paramref name="job"/> is provably what <paramref name="request"/> created; else what differs.</summary>
        public static string? Mismatch(TrainingJob job, CreateTrainingJobRequest request, DateTimeOffset began)
        {
            if (job.CreateTime < began - ClockSkewAllowance)
            {
                return "created " + job.CreateTime.ToString("u", CultureInfo.InvariantCulture) + ", before this call";
            }

            var config = request.Config;
            return Differs("description", job.Description ?? string.Empty, request.JobDescription ?? string.Empty)
                ?? Differs("code directory", job.CodeDir, config.AppUrl)
                ?? Differs("boot file", job.BootFile, config.BootFileUrl)
                ?? Differs("data", job.DataUrl, config.DataUrl)
                ?? Differs("dataset", job.DatasetId, config.DatasetId)
                ?? Differs("dataset version", job.DatasetVersionId, config.DatasetVersionId)
                ?? Differs("output path", job.OutputPath, config.TrainUrl)
                ?? Differs("log path", job.LogUrl, config.LogUrl)
                ?? Differs("image", job.UserImageUrl, config.UserImageUrl)
                ?? Differs("command", job.UserCommand, config.UserCommand)
                ?? Differs("engine", job.EngineId, config.EngineId)
                ?? Differs("spec", job.SpecId, config.SpecId)
                ?? Differs("worker count", job.WorkerCount, config.WorkerServerNum)
                ?? Differs("hyperparameters", Text(job.Hyperparameters), Text(config.Parameter));
        }

        private static string? Differs(string what, string? found, string? sent) =>
            found != null && !string.Equals(found, sent, StringComparison.Ordinal) ? what + " " + found + " instead of " + (sent ?? "none") : null;

        private static string? Differs(string what, long? found, long? sent) =>
            found.HasValue && found != sent
                ? what + " " + found.Value.ToString(CultureInfo.InvariantCulture) + " instead of " + (sent.HasValue ? sent.Value.ToString(CultureInfo.InvariantCulture) : "none")
                : null;

        private static string Text(IEnumerable<Hyperparameter> parameters) =>
            string.Join(" ", parameters.Select(p => p.ToString()));
    }
}
