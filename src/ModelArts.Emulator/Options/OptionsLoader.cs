using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Options
{
    /// <summary>A start-up setting that cannot be used; the program prints it and exits with code 2.</summary>
    internal sealed class OptionsException : Exception
    {
        public OptionsException(string message) : base(message) { }
    }

    /// <summary>
    /// Reads the options from, in rising precedence: a JSON config file (<c>--config</c> or <c>MODELARTS_LOCAL_CONFIG</c>),
    /// environment variables <c>MODELARTS_LOCAL_&lt;NAME&gt;</c> and the command line <c>--name value</c> / <c>--name=value</c>.
    /// The config file uses the option names as keys (<c>"data-root"</c> or <c>"data_root"</c>) and may replace the
    /// catalog with <c>"flavors"</c> and <c>"engines"</c> arrays in the wire shape of resource-specs and ai-engines, and
    /// the v2 catalog with <c>"v2_flavors"</c> and <c>"v2_engines"</c> (the fields of <see cref="V2Flavor"/> and <see cref="V2Engine"/>, snake_case).
    /// </summary>
    internal static class OptionsLoader
    {
        public const string EnvironmentPrefix = "MODELARTS_LOCAL_";

        // Load reads these itself; no setter owns them.
        private static readonly string[] OwnOptions = { "config", "help" };

        private static readonly Dictionary<string, Action<EmulatorOptions, string>> Setters = new Dictionary<string, Action<EmulatorOptions, string>>(StringComparer.Ordinal)
        {
            ["urls"] = (o, v) => o.Urls = v,
            ["obs-urls"] = (o, v) => o.ObsUrls = v,
            ["allow-remote"] = (o, v) => o.AllowRemote = Bool(v),
            ["certificate"] = (o, v) => o.Certificate = Path.GetFullPath(v),
            ["certificate-key"] = (o, v) => o.CertificateKey = Path.GetFullPath(v),
            ["data-root"] = (o, v) => o.DataRoot = Path.GetFullPath(v),
            ["access-key"] = (o, v) => o.AccessKey = v,
            ["secret-key"] = (o, v) => o.SecretKey = v,
            ["security-token"] = (o, v) => o.SecurityToken = v.Length == 0 ? null : v,
            ["project-id"] = (o, v) => o.ProjectId = v,
            ["project-name"] = (o, v) => o.ProjectName = v,
            ["user"] = (o, v) => o.User = v,
            ["password"] = (o, v) => o.Password = v,
            ["domain"] = (o, v) => o.Domain = v,
            ["token-lifetime-seconds"] = (o, v) => o.TokenLifetime = TimeSpan.FromSeconds(Int(v, 1)),
            ["max-running-jobs"] = (o, v) => o.MaxRunningJobs = Int(v, 1),
            ["job-quota"] = (o, v) => o.JobQuota = Int(v, 1),
            ["python"] = (o, v) => o.Python = v,
            ["pwsh"] = (o, v) => o.Pwsh = v,
            ["run-images-on-host"] = (o, v) => o.RunImagesOnHost = Bool(v),
            ["engine-python"] = (o, v) => o.EnginePython = Map(v, "engine-python", StringComparer.OrdinalIgnoreCase),
            ["image-map"] = (o, v) => o.ImageMap = Map(v, "image-map", StringComparer.Ordinal),
            ["pull-images"] = (o, v) => o.PullImages = Bool(v),
            ["max-body-bytes"] = (o, v) => o.MaxBodyBytes = Int(v, 1),
            ["v2-paged-log"] = (o, v) => o.V2PagedLog = Bool(v),
            ["v2-preview-bytes"] = (o, v) => o.V2PreviewBytes = Int(v, 1),
            ["v2-search-offset"] = (o, v) => o.V2SearchOffsetIsRow = v.Trim().ToLowerInvariant() switch
            {
                "page" => false,
                "row" => true,
                _ => throw new OptionsException($"'{v}' is not page or row."),
            },
            ["v2-output-upload-seconds"] = (o, v) => o.V2OutputUploadPeriod = TimeSpan.FromSeconds(Int(v, 1)),
            ["max-unauthenticated-bodies"] = (o, v) => o.MaxUnauthenticatedBodies = Int(v, 1),
            ["body-timeout-seconds"] = (o, v) => o.BodyTimeout = TimeSpan.FromSeconds(Int(v, 1)),
            ["host-names"] = (o, v) => o.HostNames = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ["lockout"] = (o, v) => o.Lockout = Bool(v),
            ["log-level"] = (o, v) => o.LogLevel = Enum.TryParse<LogLevel>(v, true, out var level) && Enum.IsDefined(level)
                ? level : throw new OptionsException($"'{v}' is not a log level (Trace, Debug, Information, Warning, Error, None)."),
            ["fault-error-rate"] = (o, v) => o.Faults = o.Faults with { ErrorRate = Double(v) },
            ["fault-throttle-rate"] = (o, v) => o.Faults = o.Faults with { ThrottleRate = Double(v) },
            ["fault-retry-after"] = (o, v) => o.Faults = o.Faults with { RetryAfterSeconds = Int(v, 0) },
            ["fault-drop-rate"] = (o, v) => o.Faults = o.Faults with { DropRate = Double(v) },
            ["fault-latency-ms"] = (o, v) => o.Faults = o.Faults with { LatencyMs = Int(v, 0) },
            ["fault-hang-rate"] = (o, v) => o.Faults = o.Faults with { HangRate = Double(v) },
            ["fault-seed"] = (o, v) => o.Faults = o.Faults with { Seed = Int(v, int.MinValue) },
        };

        private static readonly HashSet<string> Flags = new HashSet<string>(StringComparer.Ordinal) { "allow-remote", "run-images-on-host", "pull-images" };

        public static string Usage =>
            "Usage: ModelArts.Emulator [--config FILE] [--name value ...]\nOptions: --" +
            string.Join(", --", Setters.Keys.Concat(OwnOptions)) +
            $"\nEvery option can also come from the config file or from {EnvironmentPrefix}<NAME> (e.g. {EnvironmentPrefix}DATA_ROOT).";

        /// <summary>Returns null when the command line asks for help.</summary>
        public static EmulatorOptions? Load(IReadOnlyList<string> args, IEnumerable<KeyValuePair<string, string>> environment)
        {
            var commandLine = ParseCommandLine(args);
            if (commandLine.Any(s => s.Key == "help"))
            {
                return null;
            }
            var fromEnvironment = environment
                .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
                .Select(e => new KeyValuePair<string, string>(Normalise(e.Key.Substring(EnvironmentPrefix.Length)), e.Value))
                .ToList();
            var configPath = commandLine.Concat(fromEnvironment).LastOrDefault(s => s.Key == "config").Value;

            var options = new EmulatorOptions();
            var settings = new List<KeyValuePair<string, string>>();
            if (!string.IsNullOrEmpty(configPath))
            {
                settings.AddRange(ReadConfigFile(configPath, options));
            }
            settings.AddRange(fromEnvironment.Where(s => s.Key != "config"));
            settings.AddRange(commandLine.Where(s => s.Key != "config"));
            foreach (var setting in settings)
            {
                if (!Setters.TryGetValue(setting.Key, out var set))
                {
                    throw new OptionsException($"Unknown option '{setting.Key}'.\n{Usage}");
                }
                set(options, setting.Value);
            }
            var faultProblem = options.Faults.Problem();
            if (faultProblem != null)
            {
                throw new OptionsException(faultProblem);
            }
            return options;
        }

        private static List<KeyValuePair<string, string>> ParseCommandLine(IReadOnlyList<string> args)
        {
            var result = new List<KeyValuePair<string, string>>();
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new OptionsException($"Unexpected argument '{arg}'.\n{Usage}");
                }
                var eq = arg.IndexOf('=');
                var name = Normalise(eq < 0 ? arg.Substring(2) : arg.Substring(2, eq - 2));
                if (eq >= 0)
                {
                    result.Add(new KeyValuePair<string, string>(name, arg.Substring(eq + 1)));
                }
                else if (Flags.Contains(name) || name == "help")
                {
                    result.Add(new KeyValuePair<string, string>(name, "true"));
                }
                else if (i + 1 < args.Count)
                {
                    result.Add(new KeyValuePair<string, string>(name, args[++i]));
                }
                else
                {
                    throw new OptionsException($"Option --{name} needs a value.");
                }
            }
            return result;
        }

        private static List<KeyValuePair<string, string>> ReadConfigFile(string path, EmulatorOptions options)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException || e is JsonException || e is UnauthorizedAccessException)
            {
                throw new OptionsException($"Cannot read the config file '{path}': {e.Message}");
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new OptionsException($"The config file '{path}' must hold a JSON object.");
                }
                var settings = new List<KeyValuePair<string, string>>();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var name = Normalise(property.Name);
                    switch (name)
                    {
                        case "flavors":
                            options.Flavors = ReadList<Flavor>(property.Value, name);
                            break;
                        case "engines":
                            options.Engines = ReadList<Engine>(property.Value, name);
                            break;
                        case "v2-flavors":
                            options.V2Flavors = ReadList<V2Flavor>(property.Value, name);
                            break;
                        case "v2-engines":
                            options.V2Engines = ReadList<V2Engine>(property.Value, name);
                            break;
                        default:
                            settings.Add(new KeyValuePair<string, string>(name, property.Value.ValueKind == JsonValueKind.String
                                ? property.Value.GetString()!
                                : property.Value.GetRawText()));
                            break;
                    }
                }
                return settings;
            }
        }

        private static List<T> ReadList<T>(JsonElement element, string name)
        {
            try
            {
                var list = element.Deserialize<List<T>>(Wire.Options);
                return list is { Count: > 0 } ? list : throw new OptionsException($"The config file's '{name}' list is empty.");
            }
            catch (JsonException e)
            {
                throw new OptionsException($"The config file's '{name}' list is not valid: {e.Message}");
            }
        }

        private static string Normalise(string name) => name.Trim().ToLowerInvariant().Replace('_', '-');

        private static bool Bool(string value) => value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new OptionsException($"'{value}' is not true or false."),
        };

        private static int Int(string value, int minimum) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= minimum
                ? number
                : throw new OptionsException($"'{value}' is not a whole number of at least {minimum}.");

        /// <summary><c>KEY=VALUE</c> pairs separated by <c>;</c>; a later pair for the same key wins.</summary>
        private static Dictionary<string, string> Map(string value, string option, StringComparer keys)
        {
            var map = new Dictionary<string, string>(keys);
            foreach (var pair in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0 || eq == pair.Length - 1)
                {
                    throw new OptionsException($"--{option}: '{pair}' is not KEY=VALUE (pairs are separated by ';').");
                }
                map[pair.Substring(0, eq).Trim()] = pair.Substring(eq + 1).Trim();
            }
            return map;
        }

        private static double Double(string value) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new OptionsException($"'{value}' is not a number.");
    }
}
