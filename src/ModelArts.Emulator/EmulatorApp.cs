using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using ModelArts.Emulator.Api;
using ModelArts.Emulator.Api.V2;
using ModelArts.Emulator.Auth;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Faults;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Jobs;
using ModelArts.Emulator.Jobs.Containers;
using ModelArts.Emulator.Jobs.V2;
using ModelArts.Emulator.Obs;
using ModelArts.Emulator.Options;
using ModelArts.Emulator.Paths;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator
{
    /// <summary>A started local service; dispose to stop it (running jobs are stopped and recorded).</summary>
    internal sealed class RunningEmulator : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly WebApplication? _obsApp;

        internal RunningEmulator(WebApplication app, IReadOnlyList<string> addresses, WebApplication? obsApp, IReadOnlyList<string> obsAddresses)
        {
            _app = app;
            _obsApp = obsApp;
            Addresses = addresses;
            ObsAddresses = obsAddresses;
        }

        /// <summary>The bound URLs, with the real port when port 0 was asked for.</summary>
        public IReadOnlyList<string> Addresses { get; }

        /// <summary>Where OBS listens: its own addresses with <c>--obs-urls</c>, else the service's.</summary>
        public IReadOnlyList<string> ObsAddresses { get; }

        public string BaseUrl => Addresses[0];

        public IServiceProvider Services => _app.Services;

        public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (_obsApp != null)
            {
                await _obsApp.StopAsync();
                await _obsApp.DisposeAsync();
            }
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Builds and starts the local service: IAM, the v1 and v2 training APIs, OBS and /_local/ test calls on one Kestrel (OBS on a second one with --obs-urls).</summary>
    internal static class EmulatorApp
    {
        private const long ConnectionBufferBytes = 64 * 1024;

        public static async Task<RunningEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
        {
            var nonLoopback = NonLoopbackUrls(options);
            if (nonLoopback.Count > 0 && !options.AllowRemote)
            {
                throw new OptionsException($"Refusing to listen on {string.Join(", ", nonLoopback)}: not a loopback address. Add --allow-remote to do it anyway.");
            }
            // Read before anything starts, so a bad file is an options error and not a failed start.
            var certificate = options.Certificate == null ? null : LoadCertificate(options);
            var builder = NewBuilder(options, options.UrlList, certificate);
            AddServices(builder.Services, options);

            var app = builder.Build();
            UsePipeline(app, options);
            MapEndpoints(app);
            await app.StartAsync(cancellationToken);
            var addresses = BoundAddresses(app);
            if (options.ObsUrlList.Count == 0)
            {
                return new RunningEmulator(app, addresses, null, addresses);
            }
            var obsApp = await StartObsAsync(app, options, cancellationToken);
            return new RunningEmulator(app, addresses, obsApp, BoundAddresses(obsApp));
        }

        /// <summary>OBS on its own Kestrel, sharing the service's stores, credentials and request log.</summary>
        private static async Task<WebApplication> StartObsAsync(WebApplication app, EmulatorOptions options, CancellationToken cancellationToken)
        {
            var builder = NewBuilder(options, options.ObsUrlList, options.Certificate == null ? null : LoadCertificate(options));
            var obsApp = builder.Build();
            var context = app.Services.GetRequiredService<RequestContext>();
            var obs = app.Services.GetRequiredService<ObsEndpoint>();
            obsApp.Use(context.InvokeAsync);
            obsApp.Use(app.Services.GetRequiredService<HostPolicy>().InvokeAsync);
            obsApp.Use(obs.InvokeAllAsync);
            try
            {
                await obsApp.StartAsync(cancellationToken);
            }
            catch
            {
                await obsApp.DisposeAsync();
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
                throw;
            }
            return obsApp;
        }

        private static WebApplicationBuilder NewBuilder(EmulatorOptions options, IReadOnlyList<string> urls, X509Certificate2? certificate)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                // RequestBody enforces the JSON APIs' limit with the gateway's answer; OBS streams uploads up to 5 GB.
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Limits.MaxRequestBufferSize = ConnectionBufferBytes;
                if (certificate != null)
                {
                    kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
                }
            });
            // The slim builder leaves out what binds https:// URLs.
            builder.WebHost.UseKestrelHttpsConfiguration();
            // What a connection may have received but not yet had read, in the socket transport and in Kestrel: a
            // stalled body waiting for its turn holds no more than this (the rest stays with the sender's TCP window).
            builder.WebHost.UseSockets(sockets => sockets.MaxReadBufferSize = ConnectionBufferBytes);
            builder.WebHost.UseUrls(urls.ToArray());
            // Longer than the runner's own bound, so the runner records the jobs it could not stop in time.
            builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = JobRunner.StopGrace + TimeSpan.FromSeconds(5));
            builder.Services.Configure<ConsoleLifetimeOptions>(c => c.SuppressStatusMessages = true);
            ConfigureLogging(builder.Logging, options.LogLevel);
            return builder;
        }

        private static List<string> BoundAddresses(WebApplication app) =>
            app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();


        private static X509Certificate2 LoadCertificate(EmulatorOptions options)
        {
            try
            {
                return X509Certificate2.CreateFromPemFile(options.Certificate!, options.CertificateKey);
            }
            catch (Exception e) when (e is IOException || e is CryptographicException || e is UnauthorizedAccessException)
            {
                throw new OptionsException($"--certificate {options.Certificate}: {e.Message}");
            }
        }

        private static void AddServices(IServiceCollection services, EmulatorOptions options)
        {
            var root = new DataRoot(options.DataRoot);
            services.AddSingleton(options);
            services.AddSingleton(options.Clock);
            services.AddSingleton(root);
            services.AddSingleton(new JobCatalog(options.Flavors, options.Engines));
            services.AddSingleton(new Database(root.StateDatabase));
            services.AddSingleton(s => new JobStore(s.GetRequiredService<Database>(), options.JobQuota));
            services.AddSingleton<CredentialStore>();
            services.AddSingleton(new Account(options));
            services.AddSingleton(s => new CredentialService(s.GetRequiredService<CredentialStore>(), options.TokenLifetime, options.Clock));
            services.AddSingleton(new Lockouts(FailureLockout.ForSignatures(options.Lockout, options.Clock), FailureLockout.ForPasswords(options.Lockout, options.Clock)));
            services.AddSingleton(new HostPolicy(options.UrlList.Concat(options.ObsUrlList), options.HostNames));
            services.AddSingleton<AkSkVerifier>();
            services.AddSingleton<Authenticator>();
            services.AddSingleton<RequestLog>();
            services.AddSingleton<RequestContext>();
            services.AddSingleton(s => new FaultInjector(options.Faults, s.GetRequiredService<IHostApplicationLifetime>()));
            services.AddSingleton<CreateRequestReader>();
            services.AddSingleton<Views>();
            services.AddSingleton(new ContainerRuntime(root));
            services.AddSingleton<ContainerPlanner>();
            services.AddSingleton<EngineInterpreter>();
            services.AddSingleton(s => new LaunchPlanner(root, options, s.GetRequiredService<JobCatalog>(),
                s.GetRequiredService<EngineInterpreter>(), s.GetRequiredService<ContainerPlanner>()));
            // Before the job runner, so a leftover container is gone before any job starts again.
            services.AddHostedService<ContainerReaper>();
            services.AddSingleton(new V2JobCatalog(options.V2Flavors, options.V2Engines));
            services.AddSingleton(s => new V2JobStore(s.GetRequiredService<Database>(), options.JobQuota));
            services.AddSingleton<V2RequestReader>();
            services.AddSingleton<V2Views>();
            services.AddSingleton<V2LaunchPlanner>();
            services.AddSingleton<LogUrlSigner>();
            services.AddSingleton(s => new JobRunner(
                new Dictionary<JobApi, IJobRuns>
                {
                    [JobApi.V1] = new V1Runs(s.GetRequiredService<JobStore>(), s.GetRequiredService<LaunchPlanner>(), root),
                    [JobApi.V2] = new V2Runs(s.GetRequiredService<V2JobStore>(), s.GetRequiredService<V2LaunchPlanner>(), root,
                        options.V2OutputUploadPeriod, s.GetRequiredService<ILogger<V2Runs>>()),
                },
                root, options.MaxRunningJobs, options.Clock, s.GetRequiredService<ILogger<JobRunner>>()));
            services.AddHostedService(s => s.GetRequiredService<JobRunner>());
            AddObs(services, options, root);
        }

        private static void AddObs(IServiceCollection services, EmulatorOptions options, DataRoot root)
        {
            var store = new ObjectStore(root);
            var uploads = new MultipartStore(store, root.ObsMeta);
            services.AddSingleton(store);
            services.AddSingleton(uploads);
            services.AddSingleton<ObsAuthenticator>();
            services.AddSingleton<ListOperations>();
            services.AddSingleton(s => new ObjectOperations(store));
            services.AddSingleton(s => new BucketOperations(store, uploads, s.GetRequiredService<ObsAuthenticator>().Region));
            services.AddSingleton(s => new MultipartOperations(store, uploads, s.GetRequiredService<ListOperations>()));
            services.AddSingleton(s => new ObsEndpoint(s.GetRequiredService<ObjectOperations>(), s.GetRequiredService<BucketOperations>(),
                s.GetRequiredService<ListOperations>(), s.GetRequiredService<MultipartOperations>(), s.GetRequiredService<ObsAuthenticator>(),
                s.GetRequiredService<FaultInjector>(), ServiceHosts(options), s.GetRequiredService<ILoggerFactory>()));
        }

        /// <summary>The host names a virtual-host style Host may end in: those of every address, and localhost.</summary>
        private static IEnumerable<string> ServiceHosts(EmulatorOptions options) =>
            options.UrlList.Concat(options.ObsUrlList)
                .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.Trim('[', ']') : null)
                .OfType<string>()
                .Where(host => host.Length > 0 && host != "*" && host != "+")
                .Concat(options.HostNames)
                .Append("localhost");

        private static void UsePipeline(WebApplication app, EmulatorOptions options)
        {
            var context = app.Services.GetRequiredService<RequestContext>();
            var faults = app.Services.GetRequiredService<FaultInjector>();
            var authenticator = app.Services.GetRequiredService<Authenticator>();
            app.Use(context.InvokeAsync);
            var hosts = app.Services.GetRequiredService<HostPolicy>();
            app.Use(hosts.InvokeAsync);
            if (options.ObsUrlList.Count == 0)
            {
                // Before RequestBody, which buffers bodies for the JSON APIs: OBS uploads stream to disk.
                app.Use(app.Services.GetRequiredService<ObsEndpoint>().InvokeAsync);
            }
            app.UseWhen(IsTrainingApi, api => api.Use(authenticator.CheckHeadersAsync));
            app.UseMiddleware<RequestBody>(new BodyLimits(options.MaxBodyBytes, options.MaxUnauthenticatedBodies, options.BodyTimeout));
            // v2 goes through the same faults and authentication as v1.
            app.UseWhen(IsTrainingApi, v1 =>
            {
                v1.Use(faults.InvokeAsync);
                v1.Use(authenticator.InvokeAsync);
            });
        }

        private static void MapEndpoints(WebApplication app)
        {
            IamEndpoints.Map(app);
            LocalEndpoints.Map(app);
            var v1 = app.MapGroup("/v1/{project_id}");
            CatalogEndpoints.Map(v1);
            TrainingJobEndpoints.Map(v1);
            LogEndpoints.Map(v1);
            var v2 = app.MapGroup("/v2/{project_id}");
            V2JobEndpoints.Map(v2);
            V2CatalogEndpoints.Map(v2);
            V2LogEndpoints.Map(v2);
            V2LogEndpoints.MapDownload(app);
            app.MapFallback(new Func<IResult>(() => throw ApiException.Gateway(StatusCodes.Status404NotFound, "APIG.0101",
                "The API does not exist or has not been published in the environment.")));
        }

        private static bool IsTrainingApi(HttpContext context) =>
            context.Request.Path.StartsWithSegments("/v1") || context.Request.Path.StartsWithSegments("/v2");

        private static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(level);
            logging.AddFilter("Microsoft", (LogLevel l) => l >= LogLevel.Warning && l >= level);
            // A start that fails (a port in use) is reported once, by the program, as one line.
            logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            // Standard output carries only the start-up lines that scripts wait for; logs go to standard error.
            logging.AddSimpleConsole(c => c.SingleLine = true);
            logging.Services.Configure<ConsoleLoggerOptions>(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        public static IReadOnlyList<string> NonLoopbackUrls(EmulatorOptions options) =>
            options.UrlList.Concat(options.ObsUrlList).Where(url => !IsLoopback(url)).ToList();

        private static bool IsLoopback(string url)
        {
            if (ListenUrl.Parse(url) is not Uri uri)
            {
                return false;
            }
            return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        }
    }
}
