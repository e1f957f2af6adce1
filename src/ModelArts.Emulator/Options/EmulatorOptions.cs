using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Faults;

namespace ModelArts.Emulator.Options
{
    /// <summary>Everything the local service can be told at start; see <see cref="OptionsLoader"/> for the sources.</summary>
    internal sealed class EmulatorOptions
    {
        public const string DefaultAccessKey = "MALOCALACCESSKEY0001";
        public const string DefaultSecretKey = "malocal-secret-key-not-for-production";
        public const string DefaultPassword = "ma-password";

        public string Urls { get; set; } = "http://127.0.0.1:8443";

        /// <summary>When set, OBS listens here alone (as on the clouds) and no longer on <see cref="Urls"/>.</summary>
        public string ObsUrls { get; set; } = "";
        public bool AllowRemote { get; set; }

        /// <summary>PEM certificate (and <see cref="CertificateKey"/>) for https:// URLs, e.g. a self-signed one for TLS tests.</summary>
        public string? Certificate { get; set; }

        /// <summary>PEM private key of <see cref="Certificate"/>; absent when the certificate file holds it.</summary>
        public string? CertificateKey { get; set; }
        public string DataRoot { get; set; } = Path.GetFullPath(".ma-local");

        public string AccessKey { get; set; } = DefaultAccessKey;
        public string SecretKey { get; set; } = DefaultSecretKey;
        public string? SecurityToken { get; set; }
        public string ProjectId { get; set; } = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        public string ProjectName { get; set; } = "local-1";
        public string User { get; set; } = "ma-user";
        public string Password { get; set; } = DefaultPassword;
        public string Domain { get; set; } = "ma-domain";
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

        public int MaxRunningJobs { get; set; } = 2;
        public int JobQuota { get; set; } = 10000;
        public string Python { get; set; } = "python3";
        public string Pwsh { get; set; } = "pwsh";
        public bool RunImagesOnHost { get; set; }

        /// <summary>Interpreters by engine name or engine version, e.g. <c>PyTorch=/usr/bin/python3</c>; unmapped engines use <see cref="Python"/>.</summary>
        public IReadOnlyDictionary<string, string> EnginePython { get; set; } = new Dictionary<string, string>();

        /// <summary>Custom image URLs and the local image each runs as instead.</summary>
        public IReadOnlyDictionary<string, string> ImageMap { get; set; } = new Dictionary<string, string>();

        public bool PullImages { get; set; }
        /// <summary>Serve the v2 line-paged log <c>…/logs/{task_id}</c> as Huawei Cloud does; off behaves like OTC, which lacks it.</summary>
        public bool V2PagedLog { get; set; } = true;

        /// <summary>The most a v2 log preview holds: the real service's 5 MB, smaller in tests.</summary>
        public int V2PreviewBytes { get; set; } = 5 * 1024 * 1024;

        /// <summary>How <c>training-job-searches</c> reads <c>offset</c>: as a page index (the docs) or a row offset (real code).</summary>
        public bool V2SearchOffsetIsRow { get; set; }

        /// <summary>How often a running v2 job's outputs are copied to their OBS paths.</summary>
        public TimeSpan V2OutputUploadPeriod { get; set; } = TimeSpan.FromSeconds(30);

        public long MaxBodyBytes { get; set; } = 1024 * 1024;

        /// <summary>Bodies of callers not yet authenticated (AK/SK, sign-in) read at once; more wait for a turn.</summary>
        public int MaxUnauthenticatedBodies { get; set; } = 32;

        /// <summary>A request body must arrive whole within this time.</summary>
        public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Host names (besides the listening address and, on loopback, localhost) that requests may name.</summary>
        public IReadOnlyList<string> HostNames { get; set; } = Array.Empty<string>();

        /// <summary>Locks access keys after bad signatures and users after wrong passwords; off for local development only.</summary>
        public bool Lockout { get; set; } = true;
        public LogLevel LogLevel { get; set; } = LogLevel.Warning;

        public FaultSettings Faults { get; set; } = FaultSettings.None;
        public IReadOnlyList<Flavor> Flavors { get; set; } = DefaultCatalog.Flavors;
        public IReadOnlyList<Engine> Engines { get; set; } = DefaultCatalog.Engines;
        public IReadOnlyList<V2Flavor> V2Flavors { get; set; } = DefaultV2Catalog.Flavors;
        public IReadOnlyList<V2Engine> V2Engines { get; set; } = DefaultV2Catalog.Engines;

        /// <summary>The service's clock; tests replace it to reach token expiry, lockout ends and date skew.</summary>
        internal TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>Where the program was told to listen, one URL each; Kestrel resolves port 0 later.</summary>
        public IReadOnlyList<string> UrlList => Split(Urls);

        public IReadOnlyList<string> ObsUrlList => Split(ObsUrls);

        private static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
