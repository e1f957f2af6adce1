using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace ModelArts.Core.Auth
{
    /// <summary>
    /// One cloud of clouds.yaml with secure.yaml merged over it: the keys openstacksdk reads (top level and
    /// under <c>auth</c>), each remembering the file it came from, so a warning can name the file that holds a secret.
    /// </summary>
    internal sealed class CloudsYamlEntry
    {
        // Secrets of a cloud: these make a file worth protecting.
        private static readonly string[] SecretKeys = { "password", "sk", "secret_key", "security_token" };

        private readonly Dictionary<string, (string Value, string File)> _top = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Value, string File)> _auth = new Dictionary<string, (string, string)>(StringComparer.Ordinal);

        public CloudsYamlEntry(YamlMappingNode cloud, string file)
        {
            foreach (var pair in cloud.Children)
            {
                var key = Scalar(pair.Key, file);
                if (key == "auth")
                {
                    if (!(pair.Value is YamlMappingNode auth))
                    {
                        throw CloudsYaml.Invalid(file, pair.Value.Start, "expected 'auth' to be a mapping");
                    }

                    foreach (var item in auth.Children)
                    {
                        Put(_auth, Scalar(item.Key, file), item.Value, file);
                    }
                }
                else
                {
                    Put(_top, key, pair.Value, file);
                }
            }
        }

        /// <summary>The files that hold a password or secret key of this cloud.</summary>
        public IEnumerable<string> SecretHolders =>
            SecretKeys.SelectMany(k => new[] { _top, _auth }.Where(d => d.ContainsKey(k)).Select(d => d[k].File)).Distinct(StringComparer.Ordinal);

        /// <summary>secure.yaml's values replace clouds.yaml's, key by key (as openstacksdk merges them).</summary>
        public void MergeOver(CloudsYamlEntry other)
        {
            foreach (var pair in other._top)
            {
                _top[pair.Key] = pair.Value;
            }

            foreach (var pair in other._auth)
            {
                _auth[pair.Key] = pair.Value;
            }
        }

        public ResolvedSettings ToSettings(string cloudName)
        {
            var source = "CloudsYaml:" + cloudName + " (" + string.Join(", ", _top.Values.Concat(_auth.Values).Select(v => v.File).Distinct(StringComparer.Ordinal)) + ")";
            var settings = new ResolvedSettings { Source = source };

            // otcextensions takes AK/SK from the cloud's top level (ak/sk or access_key/secret_key), some files keep them under auth.
            var accessKey = Top("ak") ?? Top("access_key") ?? Auth("ak") ?? Auth("access_key");
            var secretKey = Top("sk") ?? Top("secret_key") ?? Auth("sk") ?? Auth("secret_key");
            var userName = Auth("username");
            var password = Auth("password");
            if (accessKey != null && secretKey != null)
            {
                settings.Credentials = new AccessKeyCredentials(accessKey, secretKey, Top("security_token") ?? Auth("security_token"));
            }
            else if (userName != null && password != null)
            {
                settings.Credentials = new PasswordCredentials(userName, password, Auth("user_domain_name") ?? Auth("domain_name") ?? Auth("project_domain_name"));
            }

            if (settings.Credentials != null)
            {
                settings.Credentials.Source = source;
            }

            settings.ProjectId = Auth("project_id") ?? Auth("tenant_id");
            settings.ProjectName = Auth("project_name") ?? Auth("tenant_name");
            settings.Region = Top("region_name") ?? settings.ProjectName?.Split('_')[0];
            var authUrl = Auth("auth_url");
            if (authUrl != null)
            {
                settings.IamEndpoint = Absolute(authUrl, _auth["auth_url"].File, "auth_url", cloudName);
            }

            // openstacksdk's per-service override, <service type>_endpoint_override.
            var endpoint = Top("modelarts_endpoint_override");
            if (endpoint != null)
            {
                settings.Endpoint = Absolute(endpoint, _top["modelarts_endpoint_override"].File, "modelarts_endpoint_override", cloudName);
            }

            return settings;
        }

        private static Uri Absolute(string value, string file, string key, string cloudName) =>
            Uri.TryCreate(value, UriKind.Absolute, out var uri)
                ? uri
                : throw new Errors.ModelArtsValidationException(
                    Errors.ValidationErrorIds.InvalidCloudsYaml, file + ": the " + key + " of cloud '" + cloudName + "' is not an absolute URL.", "CloudName", cloudName);

        private static void Put(Dictionary<string, (string, string)> target, string key, YamlNode value, string file)
        {
            // Only scalars matter here; other keys (regions lists, interface maps…) are openstacksdk's, not ours.
            if (value is YamlScalarNode scalar && !string.IsNullOrEmpty(scalar.Value))
            {
                target[key] = (scalar.Value!, file);
            }
        }

        private static string Scalar(YamlNode node, string file) =>
            node is YamlScalarNode scalar && scalar.Value != null ? scalar.Value : throw CloudsYaml.Invalid(file, node.Start, "expected a plain key");

        private string? Top(string key) => _top.TryGetValue(key, out var v) ? v.Value : null;

        private string? Auth(string key) => _auth.TryGetValue(key, out var v) ? v.Value : null;
    }
}
