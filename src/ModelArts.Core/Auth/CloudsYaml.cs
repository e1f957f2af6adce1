using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelArts.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelArts.Core.Auth
{
    /// <summary>
    /// OpenStack's <c>clouds.yaml</c> as OTC users keep it: the first file on the search path (current folder,
    /// <c>~/.config/openstack</c>, <c>/etc/openstack</c>, or <c>OS_CLIENT_CONFIG_FILE</c>), with the same cloud of
    /// <c>secure.yaml</c> merged over it, read the way openstacksdk and otcextensions read it.
    /// </summary>
    public static class CloudsYaml
    {
        public const string CloudVariable = "OS_CLOUD";

        private static readonly string[] ConfigFileNames = { "clouds.yaml", "clouds.yml" };

        private static readonly string[] SecureFileNames = { "secure.yaml", "secure.yml" };

        /// <summary>The folders OpenStack looks in, nearest first.</summary>
        public static IReadOnlyList<string> SearchFolders(string currentDirectory) => new[]
        {
            currentDirectory,
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "openstack"),
            "/etc/openstack",
        };

        /// <summary>The settings of <paramref name="cloudName"/>; a clear error naming the files and their clouds when it is in none.</summary>
        public static ResolvedSettings Resolve(string cloudName, IDictionary environment, string currentDirectory)
        {
            var configPath = Find(environment, "OS_CLIENT_CONFIG_FILE", ConfigFileNames, currentDirectory);
            var securePath = Find(environment, "OS_CLIENT_SECURE_FILE", SecureFileNames, currentDirectory);
            var clouds = configPath == null ? new Dictionary<string, YamlMappingNode>() : ReadClouds(configPath);
            var secure = securePath == null ? new Dictionary<string, YamlMappingNode>() : ReadClouds(securePath);
            if (!clouds.TryGetValue(cloudName, out var entry))
            {
                var where = configPath == null
                    ? "no clouds.yaml was found in " + string.Join(", ", SearchFolders(currentDirectory))
                    : configPath + " has " + (clouds.Count == 0 ? "no clouds" : "the clouds " + string.Join(", ", clouds.Keys.OrderBy(k => k, StringComparer.Ordinal)));
                throw new ModelArtsValidationException(ValidationErrorIds.CloudNotFound, "No cloud '" + cloudName + "': " + where + ".", "CloudName", cloudName);
            }

            var merged = new CloudsYamlEntry(entry, configPath!);
            if (secure.TryGetValue(cloudName, out var secret))
            {
                merged.MergeOver(new CloudsYamlEntry(secret, securePath!));
            }

            var settings = merged.ToSettings(cloudName);
            foreach (var holder in merged.SecretHolders)
            {
                var warning = FilePermissions.ReadableByOthersWarning(holder);
                if (warning != null)
                {
                    settings.Warnings.Add(warning);
                }
            }

            return settings;
        }

        private static string? Find(IDictionary environment, string variable, string[] names, string currentDirectory)
        {
            var overridden = CredentialChain.Get(environment, variable);
            if (overridden != null)
            {
                return File.Exists(overridden) ? Path.GetFullPath(overridden) : null;
            }

            return SearchFolders(currentDirectory).SelectMany(folder => names.Select(name => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
        }

        private static Dictionary<string, YamlMappingNode> ReadClouds(string path)
        {
            var stream = new YamlStream();
            try
            {
                using var reader = new StreamReader(path);
                stream.Load(reader);
            }
            catch (YamlException e)
            {
                throw Invalid(path, e.Start, e.InnerException?.Message ?? e.Message);
            }

            var clouds = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
            if (stream.Documents.Count == 0)
            {
                return clouds;
            }

            if (!(stream.Documents[0].RootNode is YamlMappingNode root))
            {
                throw Invalid(path, stream.Documents[0].RootNode.Start, "expected a mapping with a 'clouds' key");
            }

            if (!root.Children.TryGetValue(new YamlScalarNode("clouds"), out var cloudsNode))
            {
                return clouds;
            }

            if (!(cloudsNode is YamlMappingNode cloudMap))
            {
                throw Invalid(path, cloudsNode.Start, "expected 'clouds' to be a mapping of cloud names");
            }

            foreach (var pair in cloudMap.Children)
            {
                if (!(pair.Value is YamlMappingNode cloud))
                {
                    throw Invalid(path, pair.Value.Start, "expected the cloud '" + pair.Key + "' to be a mapping");
                }

                clouds[((YamlScalarNode)pair.Key).Value ?? string.Empty] = cloud;
            }

            return clouds;
        }

        internal static ModelArtsValidationException Invalid(string path, Mark mark, string expected) =>
            new ModelArtsValidationException(
                ValidationErrorIds.InvalidCloudsYaml, path + ":" + mark.Line + ":" + mark.Column + ": " + expected + ".", "CloudName", path);
    }
}
