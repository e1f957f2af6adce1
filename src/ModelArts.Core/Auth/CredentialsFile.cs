using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Auth
{
    /// <summary>
    /// The Huawei Cloud SDKs' credentials file: INI, section <c>[basic]</c> with ak, sk, security_token, project_id
    /// and iam_endpoint; <c>~/.huaweicloud/credentials</c> or <c>HUAWEICLOUD_SDK_CREDENTIALS_FILE</c>.
    /// </summary>
    public static class CredentialsFile
    {
        public const string PathVariable = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

        private const string Section = "basic";

        private static readonly char[] Separators = { '=', ':' };

        public static string DefaultPath =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".huaweicloud", "credentials");

        /// <summary>The file's settings; null when there is no file or no AK/SK in it (the chain goes on, as the SDKs' does).</summary>
        public static ResolvedSettings? Load(IDictionary environment)
        {
            var overridden = CredentialChain.Get(environment, PathVariable);
            var path = overridden == null ? DefaultPath : Path.GetFullPath(overridden);
            if (!File.Exists(path))
            {
                if (overridden != null)
                {
                    throw new ModelArtsValidationException(
                        ValidationErrorIds.InvalidCredentialsFile, PathVariable + " names " + path + ", which does not exist.", PathVariable, path);
                }

                return null;
            }

            var values = ReadSection(path);
            values.TryGetValue("ak", out var accessKey);
            values.TryGetValue("sk", out var secretKey);
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
            {
                return null;
            }

            var source = "CredentialsFile:" + path;
            var settings = new ResolvedSettings { Source = source };
            values.TryGetValue("security_token", out var token);
            settings.Credentials = new AccessKeyCredentials(accessKey!, secretKey!, token) { Source = source };
            values.TryGetValue("project_id", out var projectId);
            settings.ProjectId = string.IsNullOrEmpty(projectId) ? null : projectId;
            if (values.TryGetValue("iam_endpoint", out var iam) && !string.IsNullOrEmpty(iam))
            {
                settings.IamEndpoint = Uri.TryCreate(iam, UriKind.Absolute, out var iamUri)
                    ? iamUri
                    : throw new ModelArtsValidationException(ValidationErrorIds.InvalidCredentialsFile, path + ": iam_endpoint is not an absolute URL.", PathVariable, path);
            }

            var warning = FilePermissions.ReadableByOthersWarning(path);
            if (warning != null)
            {
                settings.Warnings.Add(warning);
            }

            return settings;
        }

        /// <summary>The keys of [basic]; a line that is neither a section, a key = value, a comment nor blank is an error with its line.</summary>
        private static Dictionary<string, string> ReadSection(string path)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? section = null;
            var number = 0;
            foreach (var raw in File.ReadAllLines(path))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                {
                    continue;
                }

                if (line[0] == '[')
                {
                    if (line[line.Length - 1] != ']')
                    {
                        throw Invalid(path, number, "expected a section header such as [basic]");
                    }

                    section = line.Substring(1, line.Length - 2).Trim();
                    continue;
                }

                var separator = line.IndexOfAny(Separators);
                if (separator <= 0)
                {
                    throw Invalid(path, number, "expected key = value");
                }

                if (section == null)
                {
                    throw Invalid(path, number, "expected a section header such as [basic] before the first key");
                }

                if (string.Equals(section, Section, StringComparison.OrdinalIgnoreCase))
                {
                    values[line.Substring(0, separator).Trim()] = line.Substring(separator + 1).Trim();
                }
            }

            return values;
        }

        // The line number only: the line itself may hold a secret.
        private static ModelArtsValidationException Invalid(string path, int line, string expected) =>
            new ModelArtsValidationException(ValidationErrorIds.InvalidCredentialsFile, path + ":" + line + ": " + expected + ".", PathVariable, path);
    }
}
