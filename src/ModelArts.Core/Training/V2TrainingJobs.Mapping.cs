using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelArts.Core.Models;

namespace ModelArts.Core.Training
{
    /// <summary>The one place v2 wire records become public models and a resolved spec becomes the v2 body.</summary>
    internal sealed partial class V2TrainingJobs
    {
        private const string DataInput = "data_url";
        private const string TrainOutput = "train_url";

        /// <summary>Reference §3: the Estimator's names, already checked and normalised in <paramref name="request"/>, in v2 places.</summary>
        private static WireJob ToWire(EstimatorSpec spec, CreateTrainingJobRequest request, Engine? engine)
        {
            var config = request.Config;
            var inputs = new List<WireData>();
            if (config.DataUrl != null)
            {
                inputs.Add(new WireData { Name = DataInput, Remote = new WireRemote { Obs = new WireObs { ObsUrl = config.DataUrl } } });
            }
            else if (config.DatasetId != null)
            {
                inputs.Add(new WireData { Name = DataInput, Remote = new WireRemote { Dataset = new WireDataset { Id = config.DatasetId, VersionId = config.DatasetVersionId } } });
            }

            return new WireJob
            {
                Metadata = new WireMetadata
                {
                    Name = request.JobName,
                    WorkspaceId = string.IsNullOrEmpty(spec.WorkspaceId) ? null : spec.WorkspaceId,
                    Description = request.JobDescription,
                },
                Algorithm = new WireAlgorithm
                {
                    CodeDir = config.AppUrl,
                    BootFile = config.BootFileUrl,
                    Command = config.UserCommand,
                    Parameters = config.Parameter.Select(p => new WireParameter { Name = p.Label, Value = p.Value }).ToList(),
                    Inputs = inputs.Count == 0 ? null : inputs,
                    Outputs = new List<WireData> { new WireData { Name = TrainOutput, Remote = new WireRemote { Obs = new WireObs { ObsUrl = config.TrainUrl } } } },
                    Engine = engine != null
                        ? new WireEngineRef { EngineName = engine.FrameworkType, EngineVersion = engine.FrameworkVersion }
                        : new WireEngineRef { ImageUrl = config.UserImageUrl },
                    Environments = spec.Environment == null || spec.Environment.Count == 0 ? null : new SortedDictionary<string, string>(spec.Environment, StringComparer.Ordinal),
                },
                Spec = new WireSpec
                {
                    Resource = new WireResource
                    {
                        FlavorId = config.Flavor?.Code,
                        NodeCount = config.WorkerServerNum,
                        PoolId = string.IsNullOrEmpty(spec.PoolId) ? null : spec.PoolId,
                    },
                    LogExportPath = config.LogUrl == null ? null : new WireObs { ObsUrl = config.LogUrl },
                },
            };
        }

        private static TrainingJob ToTrainingJob(WireJob job)
        {
            var metadata = job.Metadata ?? new WireMetadata();
            var status = job.Status ?? new WireStatus();
            var algorithm = job.Algorithm ?? new WireAlgorithm();
            var resource = job.Spec?.Resource;
            var input = algorithm.Inputs?.FirstOrDefault(i => i.Name == DataInput)?.Remote;
            var failed = status.TaskStatuses?.FirstOrDefault(t => t.ExitCode.HasValue && t.ExitCode.Value != 0) ?? status.TaskStatuses?.FirstOrDefault(t => !string.IsNullOrEmpty(t.Message));
            return new TrainingJob
            {
                JobId = metadata.Id ?? string.Empty,
                Name = metadata.Name ?? string.Empty,
                Description = metadata.Description,
                StatusCode = JobStatusExtensions.FromPhase(status.Phase),
                CreateTime = Time(metadata.CreateTime ?? 0),
                StartTime = status.StartTime.HasValue && status.StartTime.Value > 0 ? Time(status.StartTime.Value) : (DateTimeOffset?)null,
                Duration = TimeSpan.FromMilliseconds(status.Duration ?? 0),
                FrameworkType = algorithm.Engine?.EngineName,
                FrameworkVersion = algorithm.Engine?.EngineVersion,
                FlavorCode = resource?.FlavorId,
                WorkerCount = resource?.NodeCount ?? 1,
                CodeDir = algorithm.CodeDir,
                BootFile = algorithm.BootFile,
                DataUrl = input?.Obs?.ObsUrl,
                DatasetId = input?.Dataset?.Id,
                DatasetVersionId = input?.Dataset?.VersionId,
                OutputPath = algorithm.Outputs?.FirstOrDefault(o => o.Name == TrainOutput)?.Remote?.Obs?.ObsUrl,
                LogUrl = job.Spec?.LogExportPath?.ObsUrl,
                UserImageUrl = algorithm.Engine?.ImageUrl,
                UserCommand = algorithm.Command,
                Hyperparameters = new ReadableList<Hyperparameter>((algorithm.Parameters ?? new List<WireParameter>()).Select(p => new Hyperparameter(p.Name, p.Value ?? string.Empty))),
                Tasks = status.Tasks == null ? ReadableList<string>.Empty : new ReadableList<string>(status.Tasks),
                FailureReason = failed?.Message,
                // Every task reported 0: the job's code is 0; a task that never started leaves it unknown.
                ExitCode = failed != null ? failed.ExitCode : status.TaskStatuses?.Count > 0 && status.TaskStatuses.All(t => t.ExitCode == 0) ? 0 : (int?)null,
            };
        }

        private static TrainingJobSummary ToSummary(WireJob job)
        {
            var metadata = job.Metadata ?? new WireMetadata();
            return new TrainingJobSummary
            {
                JobId = metadata.Id ?? string.Empty,
                Name = metadata.Name ?? string.Empty,
                Description = metadata.Description,
                StatusCode = JobStatusExtensions.FromPhase(job.Status?.Phase),
                CreateTime = Time(metadata.CreateTime ?? 0),
                Duration = TimeSpan.FromMilliseconds(job.Status?.Duration ?? 0),
                FlavorCode = job.Spec?.Resource?.FlavorId,
                OutputPath = job.Algorithm?.Outputs?.FirstOrDefault(o => o.Name == TrainOutput)?.Remote?.Obs?.ObsUrl,
            };
        }

        private static Flavor ToFlavor(WireFlavor flavor)
        {
            var accelerator = flavor.Gpu ?? flavor.Npu;
            return new Flavor
            {
                Code = flavor.FlavorId ?? string.Empty,
                Cores = flavor.CoreNum ?? 0,
                MemoryGiB = flavor.MemorySize ?? 0,
                GpuCount = accelerator?.UnitNum ?? 0,
                GpuType = accelerator?.ProductName,
                // A flavor without max_num still runs one node.
                MaxNodes = flavor.MaxNum ?? 1,
                FlavorType = flavor.FlavorType,
                Arch = flavor.Arch,
            };
        }

        private static Engine ToEngine(WireEngine engine) => new Engine
        {
            FrameworkType = engine.EngineName ?? string.Empty,
            FrameworkVersion = engine.EngineVersion ?? string.Empty,
            ImageUrl = engine.ImageInfo?.CpuImageUrl,
            V1Compatible = engine.V1Compatible,
        };

        private static TrainingJobEvent ToEvent(string jobId, WireEvent item) => new TrainingJobEvent
        {
            JobId = jobId,
            Time = DateTimeOffset.TryParse(item.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : (DateTimeOffset?)null,
            Level = item.Level ?? string.Empty,
            Source = item.Source,
            Message = item.Message ?? string.Empty,
        };

        /// <summary>-1 is the service's "no sample".</summary>
        private static TrainingJobMetric ToMetric(string jobId, string task, WireMetric metric) => new TrainingJobMetric
        {
            JobId = jobId,
            Task = task,
            Metric = metric.Metric ?? string.Empty,
            Values = (metric.Value ?? new List<double>()).Select(v => v < 0 ? (double?)null : v).ToArray(),
        };

        private static DateTimeOffset Time(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds);
    }
}
