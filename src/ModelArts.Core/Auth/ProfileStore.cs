using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using ModelArts.Core.Endpoints;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;

namespace ModelArts.Core.Auth
{
    /// <summary>
    /// Named connection profiles in <c>~/.modelarts/profiles.json</c> (or <c>MODELARTS_PROFILE_PATH</c>).
    /// The file holds secrets, so it is made owner-only before anything is written to it.
    /// </summary>
    public sealed class ProfileStore
    {
        public const string PathVariable = "MODELARTS_PROFILE_PATH";

        public ProfileStore(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("The profile path is empty.", nameof(path));
            }

            Path = System.IO.Path.GetFullPath(path);
        }

        public string Path { get; }

        public static string DefaultPath =>
            System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".modelarts", "profiles.json");

        public static ProfileStore FromEnvironment(IDictionary? environment = null)
        {
            var env = environment ?? Environment.GetEnvironmentVariables();
            var overridden = env.Contains(PathVariable) ? env[PathVariable] as string : null;
            return new ProfileStore(string.IsNullOrWhiteSpace(overridden) ? DefaultPath : overridden!);
        }

        public IReadOnlyList<string> Names() => ReadAll().Keys.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The profile, or null when there is none of that name.</summary>
        public ResolvedSettings? Load(string name)
        {
            if (!ReadAll().TryGetValue(name, out var entry))
            {
                return null;
            }

            return entry.ToSettings("Profile:" + name);
        }

        public void Save(string name, ResolvedSettings settings)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("The profile name is empty.", nameof(name));
            }

            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            var all = ReadAll();
            all[name] = ProfileEntry.From(settings);
            WriteAll(all);
        }

        /// <summary>True when a profile was removed.</summary>
        public bool Remove(string name)
        {
            var all = ReadAll();
            if (!all.Remove(name))
            {
                return false;
            }

            WriteAll(all);
            return true;
        }

        private Dictionary<string, ProfileEntry> ReadAll()
        {
            var result = new Dictionary<string, ProfileEntry>(StringComparer.OrdinalIgnoreCase);
            if (!File.Exists(Path))
            {
                return result;
            }

            try
            {
                var file = ModelArtsJson.Deserialize<ProfileFile>(File.ReadAllBytes(Path));
                foreach (var pair in file.Profiles ?? new Dictionary<string, ProfileEntry>())
                {
                    result[pair.Key] = pair.Value;
                }

                return result;
            }
            catch (JsonException e)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.InvalidProfileFile, "The profile file " + Path + " is not valid: " + e.Message, "ProfileName", Path);
            }
        }

        private void WriteAll(Dictionary<string, ProfileEntry> profiles)
        {
            var directory = System.IO.Path.GetDirectoryName(Path)!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                OwnerOnly.Restrict(directory, OwnerOnly.DirectoryMode);
            }

            // Write a fresh owner-only file, then swap it in, so a crash never leaves half a file
            // and the secrets never sit in a file with wider permissions.
            var temporary = Path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    OwnerOnly.Restrict(temporary, OwnerOnly.FileMode);
                    var bytes = ModelArtsJson.SerializeToUtf8Bytes(new ProfileFile { Profiles = profiles });
                    stream.Write(bytes, 0, bytes.Length);
                }

                if (File.Exists(Path))
                {
                    File.Replace(temporary, Path, null);
                }
                else
                {
                    File.Move(temporary, Path);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        private sealed class ProfileFile
        {
            public Dictionary<string, ProfileEntry>? Profiles { get; set; }
        }

        private sealed class ProfileEntry
        {
            public string? AccessKey { get; set; }

            public string? SecretKey { get; set; }

            public string? SecurityToken { get; set; }

            public string? UserName { get; set; }

            public string? Password { get; set; }

            public string? DomainName { get; set; }

            public string? Region { get; set; }

            public string? Cloud { get; set; }

            public string? ProjectId { get; set; }

            public string? ProjectName { get; set; }

            public string? Endpoint { get; set; }

            public string? IamEndpoint { get; set; }

            public static ProfileEntry From(ResolvedSettings settings)
            {
                var entry = new ProfileEntry
                {
                    Region = settings.Region,
                    Cloud = settings.Cloud?.ToString(),
                    ProjectId = settings.ProjectId,
                    ProjectName = settings.ProjectName,
                    Endpoint = settings.Endpoint?.ToString(),
                    IamEndpoint = settings.IamEndpoint?.ToString(),
                };
                switch (settings.Credentials)
                {
                    case AccessKeyCredentials keys:
                        entry.AccessKey = keys.AccessKey;
                        entry.SecretKey = keys.SecretKey;
                        entry.SecurityToken = keys.SecurityToken;
                        break;
                    case PasswordCredentials password:
                        entry.UserName = password.UserName;
                        entry.Password = password.Password;
                        entry.DomainName = password.DomainName;
                        break;
                }

                return entry;
            }

            public ResolvedSettings ToSettings(string source)
            {
                ModelArtsCredentials? credentials = null;
                if (AccessKey != null && SecretKey != null)
                {
                    credentials = new AccessKeyCredentials(AccessKey, SecretKey, SecurityToken);
                }
                else if (UserName != null && Password != null)
                {
                    credentials = new PasswordCredentials(UserName, Password, DomainName);
                }

                if (credentials != null)
                {
                    credentials.Source = source;
                }

                return new ResolvedSettings
                {
                    Credentials = credentials,
                    Region = Region,
                    Cloud = Enum.TryParse<CloudKind>(Cloud, true, out var cloud) ? cloud : (CloudKind?)null,
                    ProjectId = ProjectId,
                    ProjectName = ProjectName,
                    Endpoint = Endpoint == null ? null : new Uri(Endpoint),
                    IamEndpoint = IamEndpoint == null ? null : new Uri(IamEndpoint),
                    Source = source,
                };
            }
        }
    }

    /// <summary>Unix permission bits through libc; on Windows the user profile directory is already per-user.</summary>
    internal static class OwnerOnly
    {
        public const int FileMode = 0x180; // 0600

        public const int DirectoryMode = 0x1C0; // 0700

        public static void Restrict(string path, int mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            if (chmod(path, mode) != 0)
            {
                throw new IOException("Could not restrict the permissions of " + path + " (errno " + Marshal.GetLastWin32Error() + ").");
            }
        }

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
#pragma warning disable SA1300, IDE1006 // libc's name
        private static extern int chmod(string path, int mode);
#pragma warning restore SA1300, IDE1006
    }
}
