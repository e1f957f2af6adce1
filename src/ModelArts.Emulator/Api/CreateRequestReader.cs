using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;
using static ModelArts.Emulator.Api.JsonFields;

namespace ModelArts.Emulator.Api
{
    internal sealed record CreateJobRequest(string JobName, string JobDescription, string WorkspaceId, JobConfig Config);

    internal sealed record CreateVersionRequest(long PreVersionId, JobConfig Config);

    /// <summary>
    /// Validates create bodies as strictly as ModelArts does. Malformed or missing fields are ModelArts.0101; values that
    /// name nothing known or contradict each other are ModelArts.0104; an unknown dataset is ModelArts.0901.
    /// </summary>
    internal sealed class CreateRequestReader
    {
        public const int MaxParameters = 100;

        private static readonly Regex Label = new Regex("^[A-Za-z_][A-Za-z0-9_.-]{0,63}\\z", RegexOptions.CultureInvariant);

        /// <summary>Config keys that belong together: a new version that sets one of a group replaces the whole group.</summary>
        private static readonly string[][] Groups =
        {
            new[] { "data_url", "data_source", "dataset_id", "dataset_version_id" },
            new[] { "spec_id", "flavor", "pool_id" },
            new[] { "app_url", "boot_file_url", "engine_id", "model_id", "user_image_url", "user_command" },
        };

        private readonly JobCatalog _catalog;
        private readonly DataRoot _root;

        public CreateRequestReader(JobCatalog catalog, DataRoot root)
        {
            _catalog = catalog;
            _root = root;
        }

        public CreateJobRequest ReadJob(byte[] body)
        {
            using var document = Parse(body);
            var root = document.RootElement;
            var name = String(root, "job_name", "job_name") ?? throw Missing("job_name");
            if (!JobRules.JobName.IsMatch(name))
            {
                throw ApiException.InvalidArgument("job_name must be 1 to 64 letters, digits, '_' or '-'.");
            }
            var description = Description(root);
            var workspace = String(root, "workspace_id", "workspace_id") ?? "0";
            var config = Object(root, "config", "config") ?? throw Missing("config");
            return new CreateJobRequest(name, description, workspace, ReadConfig(config));
        }

        /// <summary>A new version's config: the previous version's, with the groups the request sets replaced.</summary>
        public CreateVersionRequest ReadVersion(byte[] body, Func<long, JobConfig?> previousConfig)
        {
            using var document = Parse(body);
            var root = document.RootElement;
            Description(root);
            var config = Object(root, "config", "config") ?? throw Missing("config");
            var preVersionId = Long(config, "pre_version_id", "config.pre_version_id") ?? throw Missing("config.pre_version_id");
            var previous = previousConfig(preVersionId)
                ?? throw ApiException.ParameterError($"config.pre_version_id {preVersionId} is not a version of this job.");
            var merged = JsonSerializer.SerializeToNode(previous, Wire.Options)!.AsObject();
            foreach (var group in Groups.Where(g => g.Any(key => Get(config, key) != null)))
            {
                foreach (var key in group)
                {
                    merged.Remove(key);
                }
            }
            foreach (var property in config.EnumerateObject())
            {
                merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
            using var mergedDocument = JsonDocument.Parse(merged.ToJsonString());
            return new CreateVersionRequest(preVersionId, ReadConfig(mergedDocument.RootElement));
        }

        private static string Description(JsonElement root)
        {
            var description = String(root, "job_desc", "job_desc") ?? string.Empty;
            return JobRules.IsDescriptionValid(description) ? description : throw TooLong();
        }

        internal static ApiException TooLong() => ApiException.InvalidArgument($"job_desc must be at most {JobRules.MaxDescriptionLength} characters.");

        private JobConfig ReadConfig(JsonElement config)
        {
            var workers = Long(config, "worker_server_num", "config.worker_server_num") ?? throw Missing("config.worker_server_num");
            if (workers < 1)
            {
                throw ApiException.InvalidArgument("config.worker_server_num must be at least 1.");
            }
            var flavor = ReadFlavor(config);
            if (workers > flavor.MaxNum)
            {
                throw ApiException.ParameterError($"config.worker_server_num {workers} is more than the {flavor.MaxNum} that flavor {flavor.SpecCode} allows.");
            }
            var result = new JobConfig
            {
                WorkerServerNum = (int)workers,
                SpecId = flavor.SpecId,
                Parameter = ReadParameters(config),
                TrainUrl = Obs(config, "train_url", directory: true),
                LogUrl = Obs(config, "log_url", directory: true),
            };
            return ReadData(ReadCode(config, result), config);
        }

        private Flavor ReadFlavor(JsonElement config)
        {
            if (Get(config, "pool_id") != null)
            {
                throw ApiException.ParameterError("config.pool_id: the local service has no dedicated pools; use spec_id.");
            }
            var specId = Long(config, "spec_id", "config.spec_id");
            var code = Object(config, "flavor", "config.flavor") is { } flavorObject ? String(flavorObject, "code", "config.flavor.code") : null;
            if (specId == null && code == null)
            {
                throw Missing("config.spec_id (or config.flavor.code)");
            }
            var flavor = specId is long id
                ? _catalog.FlavorById(id) ?? throw ApiException.ParameterError($"config.spec_id {id} does not exist.")
                : _catalog.FlavorByCode(code!) ?? throw ApiException.ParameterError($"config.flavor.code '{code}' does not exist.");
            if (code != null && !string.Equals(code, flavor.SpecCode, StringComparison.OrdinalIgnoreCase))
            {
                throw ApiException.ParameterError($"config.flavor.code '{code}' does not match spec_id {flavor.SpecId} ({flavor.SpecCode}).");
            }
            return flavor.NoResource ? throw ApiException.ParameterError($"The flavor {flavor.SpecCode} is sold out.") : flavor;
        }

        private JobConfig ReadCode(JsonElement config, JobConfig result)
        {
            var image = String(config, "user_image_url", "config.user_image_url");
            if (image != null)
            {
                var command = String(config, "user_command", "config.user_command");
                return string.IsNullOrWhiteSpace(command)
                    ? throw Missing("config.user_command (with user_image_url)")
                    : result with { UserImageUrl = image, UserCommand = command, AppUrl = Obs(config, "app_url", directory: true) };
            }
            if (Long(config, "model_id", "config.model_id") is long modelId)
            {
                throw ApiException.ParameterError($"config.model_id {modelId}: the local service has no built-in algorithms.");
            }
            var engineId = Long(config, "engine_id", "config.engine_id") ?? throw Missing("config.engine_id");
            if (_catalog.EngineById(engineId) == null)
            {
                throw ApiException.ParameterError($"config.engine_id {engineId} does not exist.");
            }
            var appUrl = Obs(config, "app_url", directory: true) ?? throw Missing("config.app_url");
            var bootFile = Obs(config, "boot_file_url", directory: false) ?? throw Missing("config.boot_file_url");
            if (!bootFile.StartsWith(appUrl, StringComparison.Ordinal) || bootFile.EndsWith('/'))
            {
                throw ApiException.ParameterError($"config.boot_file_url {bootFile} must be a file under app_url {appUrl}.");
            }
            return result with { EngineId = engineId, AppUrl = appUrl, BootFileUrl = bootFile };
        }

        private static List<Hyperparameter> ReadParameters(JsonElement config)
        {
            var parameters = new List<Hyperparameter>();
            if (Array(config, "parameter", "config.parameter") is not { } array)
            {
                return parameters;
            }
            // The count is checked before any entry is, so an over-long list costs nothing to refuse.
            if (array.GetArrayLength() > MaxParameters)
            {
                throw ApiException.InvalidArgument($"config.parameter holds more than {MaxParameters} entries.");
            }
            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in array.EnumerateArray())
            {
                var path = $"config.parameter[{parameters.Count}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw ApiException.InvalidArgument(path + " must be an object {\"label\",\"value\"}.");
                }
                var label = String(item, "label", path + ".label") ?? throw Missing(path + ".label");
                var value = String(item, "value", path + ".value") ?? throw Missing(path + ".value");
                if (!Label.IsMatch(label))
                {
                    throw ApiException.InvalidArgument($"{path}.label '{label}' must start with a letter or '_' and hold at most 64 letters, digits, '_', '.' or '-'.");
                }
                if (value.Any(char.IsControl) || value.Length > 4096)
                {
                    throw ApiException.InvalidArgument($"{path}.value must be at most 4096 characters without control characters.");
                }
                if (!labels.Add(label))
                {
                    throw ApiException.ParameterError($"config.parameter names '{label}' twice.");
                }
                parameters.Add(new Hyperparameter(label, value));
            }
            return parameters;
        }

        private JobConfig ReadData(JobConfig result, JsonElement config)
        {
            var dataUrl = Obs(config, "data_url", directory: true);
            var datasetId = String(config, "dataset_id", "config.dataset_id");
            var datasetVersion = String(config, "dataset_version_id", "config.dataset_version_id");
            if ((datasetId == null) != (datasetVersion == null))
            {
                throw ApiException.InvalidArgument("config.dataset_id and config.dataset_version_id must be given together.");
            }
            var sources = ReadDataSources(config);
            var given = new[] { dataUrl != null, datasetId != null, sources != null }.Count(g => g);
            if (given == 0)
            {
                throw ApiException.InvalidArgument("One of config.data_url, config.data_source or config.dataset_id + dataset_version_id is required.");
            }
            if (given > 1)
            {
                throw ApiException.ParameterError("config.data_url, config.data_source and config.dataset_id are mutually exclusive.");
            }
            if (datasetId != null)
            {
                RequireDataset(datasetId, datasetVersion!);
            }
            return result with { DataUrl = dataUrl, DatasetId = datasetId, DatasetVersionId = datasetVersion, DataSource = sources };
        }

        private List<DataSourceEntry>? ReadDataSources(JsonElement config)
        {
            if (Array(config, "data_source", "config.data_source") is not { } array)
            {
                return null;
            }
            var sources = new List<DataSourceEntry>();
            foreach (var item in array.EnumerateArray())
            {
                var path = $"config.data_source[{sources.Count}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw ApiException.InvalidArgument(path + " must be an object.");
                }
                var type = String(item, "type", path + ".type") ?? (Get(item, "dataset_id") != null ? "dataset" : "obs");
                switch (type)
                {
                    case "obs":
                        sources.Add(new DataSourceEntry(type, Obs(item, "data_url", directory: true, path) ?? throw Missing(path + ".data_url"), null, null));
                        break;
                    case "dataset":
                        var id = String(item, "dataset_id", path + ".dataset_id") ?? throw Missing(path + ".dataset_id");
                        var version = String(item, "dataset_version", path + ".dataset_version") ?? throw Missing(path + ".dataset_version");
                        RequireDataset(id, version);
                        sources.Add(new DataSourceEntry(type, null, id, version));
                        break;
                    default:
                        throw ApiException.InvalidArgument($"{path}.type must be 'obs' or 'dataset'.");
                }
            }
            return sources.Count > 0 ? sources : throw ApiException.InvalidArgument("config.data_source must not be empty.");
        }

        private void RequireDataset(string datasetId, string versionId)
        {
            try
            {
                if (Directory.Exists(_root.DatasetDirectory(datasetId, versionId)))
                {
                    return;
                }
            }
            catch (PathRefusedException)
            {
                // An id that cannot name a directory names no dataset either.
            }
            throw new ApiException(400, "ModelArts.0901", $"Get dataset url failed: dataset {datasetId} version {versionId} does not exist.");
        }

        /// <summary>An OBS path in its v1 form <c>/bucket/key</c> (directories ending in '/'), checked to stay inside the data root.</summary>
        private string? Obs(JsonElement parent, string name, bool directory, string path = "config")
        {
            var value = String(parent, name, path + "." + name);
            if (value == null)
            {
                return null;
            }
            try
            {
                _root.MapObs(value);
            }
            catch (PathRefusedException e)
            {
                throw ApiException.ParameterError($"{path}.{name}: {e.Message}");
            }
            var normal = string.Concat("/", value.AsSpan(value.StartsWith('/') ? 1 : value.IndexOf("://", StringComparison.Ordinal) + 3));
            return directory && !normal.EndsWith('/') ? normal + "/" : normal;
        }
    }
}
