using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Jobs.V2;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;
using static ModelArts.Emulator.Api.V2.V2Json;

namespace ModelArts.Emulator.Api.V2
{
    internal sealed record V2CreateRequest(string Name, string Description, string WorkspaceId, V2JobSpec Spec);

    /// <summary>
    /// Validates a v2 create body (the SDK's <c>Job</c> model) as strictly as ModelArts does, before any work starts:
    /// fields the local service does not know or cannot honour are refused rather than ignored.
    /// </summary>
    internal sealed class V2RequestReader
    {
        public const int MaxEnvironments = 100;
        public const int MaxDescription = 256;

        private static readonly Regex JobName = new Regex("^[A-Za-z0-9_-]{1,64}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex ChannelName = new Regex("^[A-Za-z_][A-Za-z0-9_-]{0,63}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex ParameterName = new Regex("^[A-Za-z_][A-Za-z0-9_.-]{0,63}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex VariableName = new Regex("^[A-Za-z_][A-Za-z0-9_]*\\z", RegexOptions.CultureInvariant);

        private readonly V2JobCatalog _catalog;
        private readonly DataRoot _root;

        public V2RequestReader(V2JobCatalog catalog, DataRoot root)
        {
            _catalog = catalog;
            _root = root;
        }

        public V2CreateRequest ReadJob(byte[] body, V2JobArea area)
        {
            using var document = Parse(body);
            var root = document.RootElement;
            Only(root, "", "kind", "metadata", "algorithm", "spec");
            var kind = String(root, "kind", "") ?? throw Missing("kind");
            if (kind != "job")
            {
                throw V2Errors.InvalidParam($"kind '{kind}': the local service runs kind 'job' only");
            }
            var metadata = Object(root, "metadata", "") ?? throw Missing("metadata");
            Only(metadata, "metadata", "name", "description", "workspace_id", "annotations");
            var name = String(metadata, "name", "metadata") ?? throw Missing("metadata.name");
            if (!JobName.IsMatch(name))
            {
                throw V2Errors.InvalidParam("metadata.name must be 1 to 64 letters, digits, '_' or '-'");
            }
            var description = Description(metadata, "metadata");
            var workspace = String(metadata, "workspace_id", "metadata") ?? "0";
            var annotations = StringMap(metadata, "annotations", "metadata.annotations");

            var algorithm = Object(root, "algorithm", "") ?? throw Missing("algorithm");
            Only(algorithm, "algorithm", "code_dir", "boot_file", "command", "parameters", "inputs", "outputs", "engine", "environments", "policies");
            if (Get(algorithm, "policies") is { } policies && policies.ValueKind != JsonValueKind.Object)
            {
                throw V2Errors.ParamType("algorithm.policies", "an object");
            }
            var spec = Object(root, "spec", "") ?? throw Missing("spec");
            Only(spec, "spec", "resource", "log_export_path");
            var resource = Object(spec, "resource", "spec") ?? throw Missing("spec.resource");
            Only(resource, "spec.resource", "flavor_id", "node_count", "policy");
            var flavorId = String(resource, "flavor_id", "spec.resource") ?? throw Missing("spec.resource.flavor_id");
            var flavor = _catalog.Flavor(flavorId) ?? throw V2Errors.FlavorNotFound(flavorId);
            var nodeCount = Long(resource, "node_count", "spec.resource") ?? 1;
            if (nodeCount < 1)
            {
                throw V2Errors.InvalidParam("spec.resource.node_count must be at least 1");
            }
            if (nodeCount > flavor.MaxNum)
            {
                throw V2Errors.FlavorOutOfRange(nodeCount, flavor.MaxNum);
            }
            string? logExport = null;
            if (Object(spec, "log_export_path", "spec") is { } export)
            {
                Only(export, "spec.log_export_path", "obs_url");
                logExport = Obs(export, "obs_url", "spec.log_export_path") ?? throw Missing("spec.log_export_path.obs_url");
            }

            var job = new V2JobSpec
            {
                Kind = kind,
                Annotations = annotations,
                FlavorId = flavor.FlavorId,
                NodeCount = (int)nodeCount,
                LogExportPath = logExport,
                Parameters = Parameters(algorithm),
                Inputs = Inputs(algorithm, area),
                Outputs = Outputs(algorithm, area),
                Environments = Environments(algorithm),
            };
            job = Code(algorithm, job);
            return new V2CreateRequest(name, description, workspace, job);
        }

        /// <summary>The body of <c>PUT …/training-jobs/{id}</c>: <c>{"description": …}</c>.</summary>
        public static string ReadDescription(byte[] body)
        {
            using var document = Parse(body);
            Only(document.RootElement, "", "description");
            if (Get(document.RootElement, "description") == null)
            {
                throw Missing("description");
            }
            return Description(document.RootElement, "");
        }

        /// <summary>The body of <c>POST …/actions</c>; only <c>terminate</c> exists.</summary>
        public static void ReadAction(byte[] body)
        {
            using var document = Parse(body);
            Only(document.RootElement, "", "action_type");
            var action = String(document.RootElement, "action_type", "") ?? throw Missing("action_type");
            if (action != "terminate")
            {
                throw V2Errors.UnsupportedAction(action);
            }
        }

        private static string Description(JsonElement parent, string path)
        {
            var description = String(parent, "description", path) ?? string.Empty;
            return description.Length <= MaxDescription ? description : throw V2Errors.InvalidParam($"{Join(path, "description")} must be at most {MaxDescription} characters");
        }

        /// <summary>Either a boot file in a code folder (with an engine), or a command (with an image or an engine).</summary>
        private V2JobSpec Code(JsonElement algorithm, V2JobSpec job)
        {
            var engine = Object(algorithm, "engine", "algorithm") ?? throw Missing("algorithm.engine");
            Only(engine, "algorithm.engine", "engine_id", "engine_name", "engine_version", "image_url", "install_sys_packages");
            Bool(engine, "install_sys_packages", "algorithm.engine");
            var imageUrl = String(engine, "image_url", "algorithm.engine");
            var engineId = String(engine, "engine_id", "algorithm.engine");
            var engineName = String(engine, "engine_name", "algorithm.engine");
            var engineVersion = String(engine, "engine_version", "algorithm.engine");
            V2Engine? found = null;
            if (engineId != null)
            {
                found = _catalog.EngineById(engineId) ?? throw V2Errors.EngineNotFound(engineId);
                if ((engineName != null && !string.Equals(engineName, found.EngineName, StringComparison.OrdinalIgnoreCase))
                    || (engineVersion != null && engineVersion != found.EngineVersion))
                {
                    throw V2Errors.InvalidParam($"algorithm.engine: engine_name/engine_version do not match engine_id {engineId}");
                }
            }
            else if (engineName != null || engineVersion != null)
            {
                found = engineName != null && engineVersion != null
                    ? _catalog.EngineByName(engineName, engineVersion) ?? throw V2Errors.EngineNotFound($"{engineName} {engineVersion}")
                    : throw Missing(engineName == null ? "algorithm.engine.engine_name" : "algorithm.engine.engine_version");
            }
            if (found != null && imageUrl != null)
            {
                throw V2Errors.InvalidParam("algorithm.engine: give an engine or an image_url, not both");
            }
            var command = String(algorithm, "command", "algorithm");
            if (imageUrl != null && string.IsNullOrWhiteSpace(command))
            {
                throw V2Errors.CommandAndImage();
            }
            if (found == null && imageUrl == null)
            {
                throw Missing("algorithm.engine.engine_id (or engine_name + engine_version, or image_url)");
            }
            var codeDir = Obs(algorithm, "code_dir", "algorithm");
            var bootText = String(algorithm, "boot_file", "algorithm");
            string? bootFile = null;
            string? bootPath = null;
            if (bootText != null)
            {
                if (codeDir == null)
                {
                    throw V2Errors.BootFile("boot_file needs code_dir");
                }
                // estimatorV2 allows a boot file relative to the code folder.
                bootFile = bootText.StartsWith('/') || bootText.Contains("://", StringComparison.Ordinal) ? bootText : codeDir.TrimEnd('/') + "/" + bootText;
                var local = Map(bootFile, "algorithm.boot_file");
                var relative = Path.GetRelativePath(Map(codeDir, "algorithm.code_dir"), local);
                if (bootFile.EndsWith('/') || relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                {
                    throw V2Errors.BootFile($"boot_file {bootText} must be a file under code_dir {codeDir}");
                }
                bootPath = relative;
            }
            if (command == null && bootFile == null)
            {
                throw Missing("algorithm.boot_file (with code_dir) or algorithm.command");
            }
            if (command != null && bootFile != null)
            {
                throw V2Errors.InvalidParam("algorithm: give boot_file or command, not both");
            }
            return job with { EngineId = found?.EngineId, ImageUrl = imageUrl, Command = command, CodeDir = codeDir, BootFile = bootFile, BootPath = bootPath };
        }

        private static List<V2Parameter> Parameters(JsonElement algorithm)
        {
            var parameters = new List<V2Parameter>();
            foreach (var (item, path) in Items(algorithm, "parameters", "algorithm.parameters"))
            {
                Only(item, path, "name", "value", "description", "constraint", "i18n_description");
                var name = String(item, "name", path) ?? throw Missing(path + ".name");
                var value = String(item, "value", path) ?? string.Empty;
                if (!ParameterName.IsMatch(name))
                {
                    throw V2Errors.InvalidParam($"{path}.name '{name}' must start with a letter or '_' and hold at most 64 letters, digits, '_', '.' or '-'");
                }
                if (value.Any(char.IsControl) || value.Length > 4096)
                {
                    throw V2Errors.InvalidParam($"{path}.value must be at most 4096 characters without control characters");
                }
                if (parameters.Any(p => p.Name == name))
                {
                    throw V2Errors.DuplicateParameter(name);
                }
                parameters.Add(new V2Parameter(name, value, String(item, "description", path)));
            }
            return parameters;
        }

        private List<V2Input> Inputs(JsonElement algorithm, V2JobArea area)
        {
            var inputs = new List<V2Input>();
            foreach (var (item, path) in Items(algorithm, "inputs", "algorithm.inputs"))
            {
                Only(item, path, "name", "description", "local_dir", "access_method", "remote");
                var (name, access) = Channel(item, path, inputs.Select(i => i.Name));
                var remote = Object(item, "remote", path) ?? throw Missing(path + ".remote");
                Only(remote, path + ".remote", "obs", "dataset");
                var obs = Object(remote, "obs", path + ".remote");
                var dataset = Object(remote, "dataset", path + ".remote");
                if ((obs == null) == (dataset == null))
                {
                    throw V2Errors.InvalidParam($"{path}.remote must hold exactly one of obs and dataset");
                }
                string? obsUrl = null;
                string? datasetId = null;
                string? versionId = null;
                if (obs is { } o)
                {
                    Only(o, path + ".remote.obs", "obs_url");
                    obsUrl = Obs(o, "obs_url", path + ".remote.obs") ?? throw Missing(path + ".remote.obs.obs_url");
                }
                else
                {
                    var d = dataset!.Value;
                    Only(d, path + ".remote.dataset", "id", "version_id", "name", "obs_url", "service_type");
                    datasetId = String(d, "id", path + ".remote.dataset") ?? throw Missing(path + ".remote.dataset.id");
                    // OTC requires the version; the local service follows the stricter rule.
                    versionId = String(d, "version_id", path + ".remote.dataset") ?? throw Missing(path + ".remote.dataset.version_id");
                    RequireDataset(datasetId, versionId);
                }
                inputs.Add(new V2Input(name, String(item, "description", path), access, area.InputDir(name, inputs.Count), obsUrl, datasetId, versionId));
            }
            return inputs;
        }

        private List<V2Output> Outputs(JsonElement algorithm, V2JobArea area)
        {
            var outputs = new List<V2Output>();
            foreach (var (item, path) in Items(algorithm, "outputs", "algorithm.outputs"))
            {
                Only(item, path, "name", "description", "local_dir", "access_method", "remote", "mode", "period");
                var (name, access) = Channel(item, path, outputs.Select(o => o.Name));
                var remote = Object(item, "remote", path) ?? throw Missing(path + ".remote");
                Only(remote, path + ".remote", "obs");
                var obs = Object(remote, "obs", path + ".remote") ?? throw Missing(path + ".remote.obs");
                Only(obs, path + ".remote.obs", "obs_url");
                var obsUrl = Obs(obs, "obs_url", path + ".remote.obs") ?? throw Missing(path + ".remote.obs.obs_url");
                outputs.Add(new V2Output(name, String(item, "description", path), access, area.OutputDir(name, outputs.Count), obsUrl));
            }
            return outputs;
        }

        /// <summary>A channel's name and access method; the service chooses local_dir, so one the client sends is checked for type only.</summary>
        private static (string Name, string Access) Channel(JsonElement item, string path, IEnumerable<string> taken)
        {
            var name = String(item, "name", path) ?? throw Missing(path + ".name");
            if (!ChannelName.IsMatch(name))
            {
                throw V2Errors.InvalidParam($"{path}.name '{name}' must start with a letter or '_' and hold at most 64 letters, digits, '_' or '-'");
            }
            if (taken.Contains(name))
            {
                throw V2Errors.InvalidParam($"{path}.name '{name}' is used twice");
            }
            String(item, "local_dir", path);
            var access = String(item, "access_method", path) ?? "parameter";
            if (access != "parameter" && access != "env")
            {
                throw V2Errors.InvalidParam($"{path}.access_method must be 'parameter' or 'env'");
            }
            if (access == "env" && (!VariableName.IsMatch(name) || name.StartsWith("MA_", StringComparison.Ordinal)))
            {
                throw V2Errors.InvalidParam($"{path}.name '{name}' cannot be an environment variable name");
            }
            return (name, access);
        }

        /// <summary><c>environments</c>: a map, or (as the SDK's response model has it) a list of one-pair maps.</summary>
        private static Dictionary<string, string> Environments(JsonElement algorithm)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Get(algorithm, "environments") is not { } environments)
            {
                return result;
            }
            var maps = environments.ValueKind switch
            {
                JsonValueKind.Object => new[] { environments },
                JsonValueKind.Array => environments.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? e : throw V2Errors.ParamType("algorithm.environments[]", "an object")).ToArray(),
                _ => throw V2Errors.ParamType("algorithm.environments", "an object"),
            };
            foreach (var property in maps.SelectMany(m => m.EnumerateObject()))
            {
                var path = "algorithm.environments." + property.Name;
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw V2Errors.ParamType(path, "a string");
                }
                var value = property.Value.GetString()!;
                if (property.Name.Length > 8192 || !VariableName.IsMatch(property.Name))
                {
                    throw V2Errors.InvalidParam($"{path}: a name must match ^[A-Za-z_][A-Za-z0-9_]*$ and be at most 8192 characters");
                }
                if (property.Name.StartsWith("MA_", StringComparison.Ordinal) || property.Name.StartsWith("VC_", StringComparison.Ordinal))
                {
                    throw V2Errors.InvalidParam($"{path}: names starting with MA_ or VC_ are set by ModelArts");
                }
                if (value.Length > 4096 || value.Contains('$'))
                {
                    throw V2Errors.InvalidParam($"{path}: a value must be at most 4096 characters and hold no '$' reference");
                }
                if (!result.TryAdd(property.Name, value))
                {
                    throw V2Errors.InvalidParam($"{path} is given twice");
                }
            }
            return result.Count <= MaxEnvironments ? result : throw V2Errors.InvalidParam($"algorithm.environments holds more than {MaxEnvironments} variables");
        }

        private static Dictionary<string, string>? StringMap(JsonElement parent, string name, string path)
        {
            if (Object(parent, name, path.Substring(0, path.LastIndexOf('.'))) is not { } map)
            {
                return null;
            }
            return map.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw V2Errors.ParamType(path + "." + p.Name, "a string"), StringComparer.Ordinal);
        }

        private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement parent, string name, string path)
        {
            if (Array(parent, name, path.Substring(0, path.LastIndexOf('.'))) is not { } array)
            {
                yield break;
            }
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var itemPath = $"{path}[{index++}]";
                yield return item.ValueKind == JsonValueKind.Object ? (item, itemPath) : throw V2Errors.ParamType(itemPath, "an object");
            }
        }

        private void RequireDataset(string datasetId, string versionId)
        {
            try
            {
                var versionDirectory = _root.DatasetDirectory(datasetId, versionId);
                if (!Directory.Exists(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(versionDirectory))))
                {
                    throw V2Errors.DatasetNotFound(datasetId);
                }
                if (Directory.Exists(versionDirectory))
                {
                    return;
                }
            }
            catch (PathRefusedException)
            {
                // An id that cannot name a directory names no dataset either.
                throw V2Errors.DatasetNotFound(datasetId);
            }
            throw V2Errors.DatasetVersionNotFound(versionId);
        }

        /// <summary>An OBS path (<c>/bucket/key</c> or <c>obs://bucket/key</c>), kept as written, checked to stay inside the data root.</summary>
        private string? Obs(JsonElement parent, string name, string path)
        {
            var value = String(parent, name, path);
            if (value != null)
            {
                Map(value, Join(path, name));
            }
            return value;
        }

        private string Map(string value, string path)
        {
            try
            {
                return _root.MapObs(value);
            }
            catch (PathRefusedException e)
            {
                throw V2Errors.InvalidObsPath(value, $"{path}: {e.Message}");
            }
        }
    }
}
