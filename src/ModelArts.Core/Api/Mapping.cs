using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelArts.Core.Models;

namespace ModelArts.Core.Api
{
    /// <summary>Wire records to public models: epoch milliseconds to times, status codes to <see cref="JobStatus"/>.</summary>
    internal static class Mapping
    {
        public static Flavor ToFlavor(WireSpec spec) => new Flavor
        {
            SpecId = spec.SpecId,
            Code = spec.SpecCode ?? string.Empty,
            Cores = spec.Core ?? 0,
            MemoryGiB = spec.Cpu ?? 0,
            GpuCount = spec.GpuNum ?? 0,
            GpuType = string.IsNullOrEmpty(spec.GpuType) ? null : spec.GpuType,
            // A spec without max_num still runs one node.
            MaxNodes = spec.MaxNum ?? 1,
            SoldOut = spec.NoResource,
        };

        public static Engine ToEngine(WireEngine engine) => new Engine
        {
            EngineId = engine.EngineId,
            EngineType = engine.EngineType,
            FrameworkType = engine.EngineName ?? string.Empty,
            FrameworkVersion = engine.EngineVersion ?? string.Empty,
        };

        public static TrainingJobSummary ToSummary(WireJobRow row) => new TrainingJobSummary
        {
            JobId = Id(row.JobId),
            VersionId = row.VersionId,
            Name = row.JobName ?? string.Empty,
            Description = row.JobDesc,
            StatusCode = (JobStatus)row.Status,
            CreateTime = Time(row.CreateTime),
            Duration = TimeSpan.FromMilliseconds(row.Duration),
            VersionCount = row.VersionCount,
        };

        /// <param name="parent">The version list carries job id, name and description once, not per version.</param>
        public static TrainingJob ToTrainingJob(WireVersion version, WireVersionList? parent = null) => new TrainingJob
        {
            JobId = Id(version.JobId != 0 ? version.JobId : parent?.JobId ?? 0),
            VersionId = version.VersionId,
            Name = version.JobName ?? parent?.JobName ?? string.Empty,
            VersionName = version.VersionName,
            Description = version.JobDesc ?? parent?.JobDesc,
            StatusCode = (JobStatus)version.Status,
            CreateTime = Time(version.CreateTime),
            StartTime = version.StartTime.HasValue && version.StartTime.Value > 0 ? Time(version.StartTime.Value) : (DateTimeOffset?)null,
            Duration = TimeSpan.FromMilliseconds(version.Duration),
            EngineId = version.EngineId,
            FrameworkType = version.EngineName,
            FrameworkVersion = version.EngineVersion,
            SpecId = version.SpecId,
            FlavorCode = version.FlavorCode ?? version.SpecCode,
            WorkerCount = version.WorkerServerNum ?? 1,
            CodeDir = version.AppUrl,
            BootFile = version.BootFileUrl,
            DataUrl = version.DataUrl,
            OutputPath = version.TrainUrl,
            LogUrl = version.LogUrl,
            DatasetId = version.DatasetId,
            DatasetVersionId = version.DatasetVersionId,
            UserImageUrl = version.UserImageUrl,
            UserCommand = version.UserCommand,
            Hyperparameters = Parameters(version.Parameter),
            ResourceId = version.ResourceId,
            PreVersionId = version.PreVersionId > 0 ? version.PreVersionId : null, // the service sends 0 for "none"
        };

        /// <summary>The create answer holds only ids and status; the rest is what was sent.</summary>
        public static TrainingJob ToTrainingJob(WireCreated created, string? jobName, string? description, TrainingJobConfig config) =>
            ToTrainingJob(new WireVersion
            {
                JobId = created.JobId,
                JobName = created.JobName ?? jobName,
                JobDesc = description,
                VersionId = created.VersionId,
                VersionName = created.VersionName,
                Status = created.Status,
                CreateTime = created.CreateTime,
                ResourceId = created.ResourceId,
                PreVersionId = config.PreVersionId,
                EngineId = config.EngineId,
                SpecId = config.SpecId,
                FlavorCode = config.Flavor?.Code,
                WorkerServerNum = config.WorkerServerNum,
                AppUrl = config.AppUrl,
                BootFileUrl = config.BootFileUrl,
                DataUrl = config.DataUrl,
                TrainUrl = config.TrainUrl,
                LogUrl = config.LogUrl,
                DatasetId = config.DatasetId,
                DatasetVersionId = config.DatasetVersionId,
                UserImageUrl = config.UserImageUrl,
                UserCommand = config.UserCommand,
                Parameter = config.Parameter.ToList(),
            });

        public static LogChunk ToLogChunk(WireLogChunk chunk) =>
            new LogChunk(chunk.StartLine ?? string.Empty, chunk.EndLine ?? string.Empty, chunk.Lines, chunk.Content ?? string.Empty);

        private static ReadableList<Hyperparameter> Parameters(IEnumerable<Hyperparameter>? parameters) =>
            parameters == null ? ReadableList<Hyperparameter>.Empty : new ReadableList<Hyperparameter>(parameters);

        /// <summary>A v1 job id as the string every public model carries.</summary>
        private static string Id(long jobId) => jobId.ToString(CultureInfo.InvariantCulture);

        private static DateTimeOffset Time(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds);
    }
}
