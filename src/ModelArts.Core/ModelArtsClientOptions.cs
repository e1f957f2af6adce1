using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Auth;
using ModelArts.Core.Http;
using ModelArts.Core.Training;

namespace ModelArts.Core
{
    /// <summary>Everything a <see cref="ModelArtsClient"/> needs; read once, when the client is built.</summary>
    public sealed class ModelArtsClientOptions
    {
        public ModelArtsClientOptions()
        {
        }

        public ModelArtsClientOptions(Uri endpoint, ModelArtsCredentials credentials)
        {
            Endpoint = endpoint;
            Credentials = credentials;
        }

        /// <summary>ModelArts base address, e.g. https://modelarts.eu-de.otc.t-systems.com.</summary>
        public Uri Endpoint { get; set; } = null!;

        /// <summary>IAM base address (with or without /v3); needed for passwords and for a project lookup by name.</summary>
        public Uri? IamEndpoint { get; set; }

        public string? ProjectId { get; set; }

        /// <summary>OBS base address; when absent, the local service's own address or the region's OBS endpoint.</summary>
        public Uri? ObsEndpoint { get; set; }

        /// <summary>Project name, which is the region name (e.g. eu-de): IAM scope and project lookup.</summary>
        public string? ProjectName { get; set; }

        public ModelArtsCredentials Credentials { get; set; } = null!;

        /// <summary>The training API of every job call. The library defaults to v1 (what it spoke first); Connect-MaSession defaults to v2.</summary>
        public TrainingApi TrainingApi { get; set; } = TrainingApi.V1;

        /// <summary>Per attempt; a retry gets a fresh one.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        public RetryOptions Retry { get; set; } = new RetryOptions();

        /// <summary>Allow plain http to a non-loopback host.</summary>
        public bool AllowInsecureHttp { get; set; }

        /// <summary>Proxy and TLS trust of every call (ModelArts, IAM, OBS); unused when <see cref="Handler"/> is given.</summary>
        public TransportOptions Transport { get; set; } = new TransportOptions();

        /// <summary>Transport override (tests use a fake). Not disposed by the client.</summary>
        public HttpMessageHandler? Handler { get; set; }

        public string UserAgent { get; set; } = DefaultUserAgent;

        /// <summary>Current time: signing dates, token expiry, Retry-After dates.</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>How the retry loop and log following wait; tests replace it to run without sleeping.</summary>
        internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

        /// <summary>Pause between polls when following a log.</summary>
        internal TimeSpan LogPollInterval { get; set; } = TimeSpan.FromSeconds(1);

        private static string DefaultUserAgent
        {
            get
            {
                var version = typeof(ModelArtsClientOptions).Assembly.GetName().Version;
                return "ModelArts-PowerShell/" + (version == null ? "0.0.0" : version.ToString(3));
            }
        }
    }
}
