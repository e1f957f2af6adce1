using System;
using System.Collections;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Auth
{
    /// <summary>
    /// Finds credentials the way OTC and Huawei users already keep them:
    /// a named profile or clouds.yaml cloud when one is asked for; else explicit values, then the environment
    /// (Huawei SDK and OpenStack variables), then the cloud <c>OS_CLOUD</c> names, then the Huawei SDK credentials
    /// file (after the environment, as the SDKs' own chain), then the "default" profile.
    /// </summary>
    public static class CredentialChain
    {
        public const string DefaultProfile = "default";

        public static ResolvedSettings Resolve(
            ModelArtsCredentials? explicitCredentials, string? profileName = null, IDictionary? environment = null, string? cloudName = null, string? currentDirectory = null)
        {
            var env = environment ?? Environment.GetEnvironmentVariables();
            var store = ProfileStore.FromEnvironment(env);
            var folder = currentDirectory ?? Environment.CurrentDirectory;

            if (!string.IsNullOrEmpty(cloudName))
            {
                return WithExplicit(CloudsYaml.Resolve(cloudName!, env, folder), explicitCredentials);
            }

            if (!string.IsNullOrEmpty(profileName))
            {
                var profile = store.Load(profileName!) ?? throw new ModelArtsValidationException(
                    ValidationErrorIds.ProfileNotFound, "No profile '" + profileName + "' in " + store.Path + ".", "ProfileName", profileName);
                return WithExplicit(profile, explicitCredentials);
            }

            var fromEnvironment = FromEnvironment(env);
            if (explicitCredentials != null)
            {
                explicitCredentials.Source = "Explicit";
                fromEnvironment.Credentials = explicitCredentials;
                fromEnvironment.Source = "Explicit";
                return fromEnvironment;
            }

            if (fromEnvironment.Credentials != null)
            {
                return fromEnvironment;
            }

            var environmentCloud = Get(env, CloudsYaml.CloudVariable);
            if (environmentCloud != null)
            {
                return CloudsYaml.Resolve(environmentCloud, env, folder);
            }

            return CredentialsFile.Load(env) ?? store.Load(DefaultProfile) ?? throw new ModelArtsValidationException(
                ValidationErrorIds.MissingCredentials,
                "No credentials: give an access key and secret key or a credential, set HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, "
                + "OS_USERNAME/OS_PASSWORD or OS_CLOUD, write " + CredentialsFile.DefaultPath + ", or save a '" + DefaultProfile + "' profile.",
                "Credentials");
        }

        // Keys given on the command line replace the named source's, which still gives region, project and endpoints.
        private static ResolvedSettings WithExplicit(ResolvedSettings found, ModelArtsCredentials? explicitCredentials)
        {
            if (explicitCredentials != null)
            {
                explicitCredentials.Source = "Explicit";
                found.Credentials = explicitCredentials;
            }

            return found;
        }

        /// <summary>Reads the Huawei SDK variables, then the OpenStack ones that OTC users set for their CLI.</summary>
        internal static ResolvedSettings FromEnvironment(IDictionary env)
        {
            var settings = new ResolvedSettings { Source = "Environment" };
            var accessKey = Get(env, "HUAWEICLOUD_SDK_AK");
            var secretKey = Get(env, "HUAWEICLOUD_SDK_SK");
            var userName = Get(env, "OS_USERNAME");
            var password = Get(env, "OS_PASSWORD");
            if (accessKey != null && secretKey != null)
            {
                settings.Credentials = new AccessKeyCredentials(accessKey, secretKey, Get(env, "HUAWEICLOUD_SDK_SECURITY_TOKEN"));
            }
            else if (userName != null && password != null)
            {
                settings.Credentials = new PasswordCredentials(userName, password, Get(env, "OS_USER_DOMAIN_NAME") ?? Get(env, "OS_DOMAIN_NAME"));
            }

            if (settings.Credentials != null)
            {
                settings.Credentials.Source = "Environment";
            }

            settings.ProjectId = Get(env, "HUAWEICLOUD_SDK_PROJECT_ID") ?? Get(env, "OS_PROJECT_ID");
            settings.ProjectName = Get(env, "OS_PROJECT_NAME");
            // An OTC project is named after its region, sub-projects as "<region>_<name>".
            settings.Region = Get(env, "HUAWEICLOUD_SDK_REGION") ?? Get(env, "OS_REGION_NAME") ?? settings.ProjectName?.Split('_')[0];
            var iam = Get(env, "HUAWEICLOUD_SDK_IAM_ENDPOINT") ?? Get(env, "OS_AUTH_URL");
            if (iam != null && Uri.TryCreate(iam, UriKind.Absolute, out var iamUri))
            {
                settings.IamEndpoint = iamUri;
            }

            return settings;
        }

        /// <summary>A variable of <paramref name="env"/>; null when unset or empty. The one reader of the variables every source uses.</summary>
        internal static string? Get(IDictionary env, string name)
        {
            var value = env.Contains(name) ? env[name] as string : null;
            // Not trimmed: a password may well end in a space.
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }
}
