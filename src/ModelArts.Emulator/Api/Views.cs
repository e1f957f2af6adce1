using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Api
{
    /// <summary>The wire shapes of jobs and versions, field for field as real v1 answers carry them.</summary>
    internal sealed class Views
    {
        private static readonly string[] NoMetrics = System.Array.Empty<string>();
        private readonly JobCatalog _catalog;

        public Views(JobCatalog catalog) => _catalog = catalog;

        /// <summary>A version with its job's fields: the body of version detail, and (without the job fields) a version-list entry.</summary>
        public Dictionary<string, object?> Version(JobRecord job, VersionRecord version, long now, bool withJob)
        {
            var config = version.Config;
            var flavor = _catalog.FlavorById(config.SpecId);
            var engine = config.EngineId is long engineId ? _catalog.EngineById(engineId) : null;
            var fields = new Dictionary<string, object?>();
            if (withJob)
            {
                fields["is_success"] = true;
                fields["job_id"] = job.JobId;
                fields["job_name"] = job.JobName;
                fields["job_desc"] = job.JobDesc;
            }
            fields["version_id"] = version.VersionId;
            fields["version_name"] = version.VersionName;
            fields["pre_version_id"] = version.PreVersionId ?? 0;
            fields["engine_type"] = engine?.EngineType;
            fields["engine_name"] = engine?.EngineName;
            fields["engine_id"] = engine?.EngineId;
            fields["engine_version"] = engine?.EngineVersion;
            fields["status"] = version.Status;
            fields["app_url"] = config.AppUrl;
            fields["boot_file_url"] = config.BootFileUrl;
            fields["create_time"] = version.CreateTime;
            fields["parameter"] = config.Parameter;
            fields["duration"] = version.Duration(now);
            fields["spec_id"] = config.SpecId;
            fields["spec_code"] = flavor?.SpecCode;
            fields["flavor_code"] = flavor?.SpecCode;
            fields["core"] = flavor?.Core;
            fields["cpu"] = flavor?.Cpu;
            fields["gpu_num"] = flavor?.GpuNum ?? 0;
            fields["gpu_type"] = flavor?.GpuType ?? "";
            fields["gpu"] = flavor?.GpuNum > 0;
            fields["flavor_type"] = flavor?.FlavorType;
            fields["max_num"] = flavor?.MaxNum;
            fields["storage"] = flavor?.Storage;
            fields["no_resource"] = flavor?.NoResource ?? false;
            fields["worker_server_num"] = config.WorkerServerNum;
            fields["data_url"] = config.DataUrl;
            fields["train_url"] = config.TrainUrl;
            fields["log_url"] = config.LogUrl;
            fields["dataset_id"] = config.DatasetId;
            fields["dataset_version_id"] = config.DatasetVersionId;
            fields["dataset_name"] = null;
            fields["dataset_version_name"] = null;
            fields["data_source"] = config.DataSource;
            fields["model_id"] = config.ModelId;
            fields["model_metric_list"] = "{}";
            fields["system_metric_list"] = SystemMetrics();
            fields["user_image_url"] = config.UserImageUrl;
            fields["user_command"] = config.UserCommand;
            fields["resource_id"] = version.ResourceId;
            fields["start_time"] = version.StartTime ?? 0;
            fields["volumes"] = NoMetrics;
            fields["pool_id"] = null;
            fields["pool_name"] = flavor?.GpuNum > 0 ? "hec-train-pub-gpu" : "hec-train-pub-cpu";
            fields["pool_type"] = "SYSTEM_DEFINED";
            fields["nas_mount_path"] = null;
            fields["nas_share_addr"] = null;
            fields["nas_type"] = "nfs";
            fields["job_type"] = 1;
            fields["is_free"] = false;
            fields["is_zombie"] = false;
            fields["task_summary"] = new { };
            fields["model_outputs"] = NoMetrics;
            fields["algorithm_id"] = null;
            fields["retrain_model_id"] = null;
            fields["pod_version"] = engine?.EngineVersion;
            fields["description"] = job.JobDesc;
            fields["attributes"] = new Dictionary<string, string> { ["isSupportDist"] = "True" };
            fields["memory_unit"] = "GB";
            fields["gpu_memory_unit"] = "GB";
            fields["npu_info"] = null;
            fields["billing"] = flavor == null ? null : new { unit_num = flavor.UnitNum, code = flavor.SpecCode };
            fields["flavor_info"] = flavor == null ? null : FlavorInfo(flavor);
            return fields;
        }

        /// <summary>The metric series of a version, keyed in camelCase as the real service sends them (a dictionary keeps the keys as written).</summary>
        private static Dictionary<string, object> SystemMetrics() => new Dictionary<string, object>
        {
            ["cpuUsage"] = NoMetrics,
            ["memUsage"] = NoMetrics,
            ["gpuUtil"] = NoMetrics,
            ["gpuMemUsage"] = NoMetrics,
            ["diskReadRate"] = NoMetrics,
            ["diskWriteRate"] = NoMetrics,
            ["recvBytesRate"] = NoMetrics,
            ["sendBytesRate"] = NoMetrics,
            ["interval"] = 1,
        };

        private static object FlavorInfo(Flavor flavor) => new
        {
            cpu = new { arch = "x86", core_num = Number(flavor.Core) },
            ram = new { memory = Number(flavor.Cpu), unit = "GB" },
            gpu = flavor.GpuNum > 0 ? new { unit_num = flavor.GpuNum, product_name = flavor.GpuType, memory = GpuMemory(flavor.GpuType), unit = "GB" } : null,
            max_num = flavor.MaxNum,
            npu = (object?)null,
        };

        private static int? Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

        /// <summary>The GB in an OTC GPU type such as <c>v100NV32</c> (NVLink, 32 GB); null when the type does not say.</summary>
        private static int? GpuMemory(string gpuType) =>
            Regex.Match(gpuType, "NV([0-9]{1,3})\\z", RegexOptions.CultureInvariant) is { Success: true } match ? Number(match.Groups[1].Value) : null;

        public static object JobListEntry(JobSummary summary, string userName, long now) => new
        {
            job_id = summary.Job.JobId,
            job_name = summary.Job.JobName,
            version_id = summary.Latest.VersionId,
            status = summary.Latest.Status,
            create_time = summary.Job.CreateTime,
            duration = summary.Latest.Duration(now),
            job_desc = summary.Job.JobDesc,
            version_count = summary.VersionCount,
            user = new { name = userName },
        };
    }
}
