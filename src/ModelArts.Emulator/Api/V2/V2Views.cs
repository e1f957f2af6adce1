using System.Collections.Generic;
using System.Linq;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Jobs.V2;
using ModelArts.Emulator.Options;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary>The v2 wire shapes (the SDK's JobResponse, FlavorResponse, ListEnginesItems), field for field; absent values are left out.</summary>
    internal sealed class V2Views
    {
        private readonly V2JobCatalog _catalog;
        private readonly int _uploadSeconds;

        public V2Views(V2JobCatalog catalog, EmulatorOptions options)
        {
            _catalog = catalog;
            _uploadSeconds = (int)options.V2OutputUploadPeriod.TotalSeconds;
        }

        public Dictionary<string, object?> Job(V2JobRecord job, string userName, long now)
        {
            var spec = job.Spec;
            var flavor = _catalog.Flavor(spec.FlavorId);
            return new Dictionary<string, object?>
            {
                ["kind"] = spec.Kind,
                ["metadata"] = new Dictionary<string, object?>
                {
                    ["id"] = job.Id,
                    ["name"] = job.Name,
                    ["workspace_id"] = job.WorkspaceId,
                    ["ai_project"] = "default-ai-project",
                    ["description"] = job.Description,
                    ["create_time"] = job.CreateTime,
                    ["user_name"] = userName,
                    ["annotations"] = spec.Annotations ?? new Dictionary<string, string> { ["job_template"] = "Template DL", ["key_task"] = "worker" },
                },
                ["status"] = new Dictionary<string, object?>
                {
                    ["phase"] = V2Phase.Of(job.Status),
                    ["secondary_phase"] = V2Phase.Secondary(job.Status),
                    ["duration"] = job.Duration(now),
                    ["start_time"] = job.StartTime ?? 0,
                    ["tasks"] = Enumerable.Range(0, spec.NodeCount).Select(V2JobArea.TaskName).ToList(),
                    ["task_statuses"] = job.Tasks?.Select(TaskStatus).ToList(),
                    ["running_records"] = RunningRecords(job),
                },
                ["algorithm"] = Algorithm(spec),
                ["spec"] = new Dictionary<string, object?>
                {
                    ["resource"] = new Dictionary<string, object?>
                    {
                        ["policy"] = "regular",
                        ["flavor_id"] = spec.FlavorId,
                        ["flavor_name"] = flavor?.FlavorName,
                        ["node_count"] = spec.NodeCount,
                        ["flavor_detail"] = flavor == null ? null : new Dictionary<string, object?>
                        {
                            ["flavor_type"] = flavor.FlavorType,
                            ["billing"] = Billing(flavor),
                            ["flavor_info"] = FlavorInfo(flavor, withMaxNum: false),
                        },
                    },
                    ["log_export_path"] = spec.LogExportPath == null ? null : new { obs_url = spec.LogExportPath },
                    ["is_hosted_log"] = spec.LogExportPath == null,
                },
            };
        }

        public static Dictionary<string, object?> Flavor(V2Flavor flavor) => new Dictionary<string, object?>
        {
            ["flavor_id"] = flavor.FlavorId,
            ["flavor_name"] = flavor.FlavorName,
            ["max_num"] = flavor.MaxNum,
            ["flavor_type"] = flavor.FlavorType,
            ["billing"] = Billing(flavor),
            ["flavor_info"] = FlavorInfo(flavor, withMaxNum: true),
            ["attributes"] = new Dictionary<string, string>(),
        };

        public static Dictionary<string, object?> Engine(V2Engine engine) => new Dictionary<string, object?>
        {
            ["engine_id"] = engine.EngineId,
            ["engine_name"] = engine.EngineName,
            ["engine_version"] = engine.EngineVersion,
            ["v1_compatible"] = engine.V1Compatible,
            ["run_user"] = engine.RunUser,
            ["image_info"] = new { cpu_image_url = engine.ImageUrl, gpu_image_url = engine.ImageUrl, image_version = engine.ImageVersion },
            ["local_interpreter"] = engine.LocalInterpreter,
        };

        private Dictionary<string, object?> Algorithm(V2JobSpec spec)
        {
            var engine = spec.EngineId == null ? null : _catalog.EngineById(spec.EngineId);
            var engineView = engine != null
                ? new Dictionary<string, object?>
                {
                    ["engine_id"] = engine.EngineId,
                    ["engine_name"] = engine.EngineName,
                    ["engine_version"] = engine.EngineVersion,
                    ["usage"] = "training",
                    ["support_groups"] = "public",
                    ["v1_compatible"] = engine.V1Compatible,
                    ["run_user"] = engine.RunUser,
                }
                : new Dictionary<string, object?> { ["image_url"] = spec.ImageUrl };
            return new Dictionary<string, object?>
            {
                ["code_dir"] = spec.CodeDir,
                ["boot_file"] = spec.BootFile,
                ["command"] = spec.Command,
                ["parameters"] = spec.Parameters.Select(p => new Dictionary<string, object?> { ["name"] = p.Name, ["value"] = p.Value, ["description"] = p.Description ?? "" }).ToList(),
                ["inputs"] = spec.Inputs.Select(i => new Dictionary<string, object?>
                {
                    ["name"] = i.Name,
                    ["description"] = i.Description,
                    ["local_dir"] = i.LocalDir,
                    ["access_method"] = i.AccessMethod,
                    ["remote"] = i.ObsUrl != null
                        ? new { obs = new { obs_url = i.ObsUrl } }
                        : (object)new { dataset = new { id = i.DatasetId, version_id = i.DatasetVersionId } },
                }).ToList(),
                ["outputs"] = spec.Outputs.Select(o => new Dictionary<string, object?>
                {
                    ["name"] = o.Name,
                    ["description"] = o.Description,
                    ["local_dir"] = o.LocalDir,
                    ["access_method"] = o.AccessMethod,
                    ["remote"] = new { obs = new { obs_url = o.ObsUrl } },
                    ["mode"] = "upload_periodically",
                    ["period"] = _uploadSeconds,
                }).ToList(),
                ["engine"] = engineView,
                // A map in the request, a list of one-pair maps in the SDK's response model.
                ["environments"] = spec.Environments.Select(e => new Dictionary<string, string> { [e.Key] = e.Value }).ToList(),
            };
        }

        /// <summary>The SDK's TaskStatuses; a task that succeeded has no message.</summary>
        private static Dictionary<string, object?> TaskStatus(TaskOutcome task, int index)
        {
            var status = new Dictionary<string, object?> { ["task"] = V2JobArea.TaskName(index), ["exit_code"] = task.ExitCode };
            if (task.Message != null)
            {
                status["message"] = task.Message;
            }
            return status;
        }

        /// <summary>The SDK's RunningRecord list, times in seconds: the local service runs a job once and never recovers it.</summary>
        private static List<Dictionary<string, object?>>? RunningRecords(V2JobRecord job)
        {
            if (job.StartTime is not long start)
            {
                return null;
            }
            var tasks = job.Tasks?.ToList() ?? new List<TaskOutcome>();
            var failed = tasks.FindIndex(t => t.Message != null);
            return new List<Dictionary<string, object?>>
            {
                new Dictionary<string, object?>
                {
                    ["start_at"] = start / 1000,
                    ["end_at"] = job.EndTime / 1000,
                    ["start_type"] = "init_or_rescheduled",
                    ["end_reason"] = failed < 0 ? null : tasks[failed].Message,
                    ["end_related_task"] = failed < 0 ? null : V2JobArea.TaskName(failed),
                },
            };
        }

        private static object Billing(V2Flavor flavor) => new { code = flavor.FlavorId, unit_num = 1 };

        private static Dictionary<string, object?> FlavorInfo(V2Flavor flavor, bool withMaxNum) => new Dictionary<string, object?>
        {
            ["max_num"] = withMaxNum ? flavor.MaxNum : null,
            ["cpu"] = new { arch = flavor.Arch, core_num = flavor.CoreNum },
            ["gpu"] = flavor.GpuNum > 0 ? new { unit_num = flavor.GpuNum, product_name = flavor.GpuProduct, memory = flavor.GpuMemory } : null,
            ["memory"] = new { size = flavor.MemoryGb, unit = "GB" },
            ["disk"] = new { size = flavor.DiskGb, unit = "GB" },
        };
    }
}
