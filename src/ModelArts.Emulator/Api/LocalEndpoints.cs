using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelArts.Emulator.Faults;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Jobs;

namespace ModelArts.Emulator.Api
{
    /// <summary>Test and admin calls under <c>/_local/</c>: no authentication, loopback callers only.</summary>
    internal static class LocalEndpoints
    {
        public static void Map(IEndpointRouteBuilder app)
        {
            var local = app.MapGroup("/_local").AddEndpointFilter(async (context, next) =>
                context.HttpContext.Connection.RemoteIpAddress is IPAddress address && IPAddress.IsLoopback(address)
                    ? await next(context)
                    : throw ApiException.Gateway(StatusCodes.Status403Forbidden, "APIG.0101", "The /_local/ calls answer loopback callers only."));
            local.MapGet("/health", () => Wire.Json(new { status = "ok" }));
            // The engine custom-image jobs use and the environment the service calls it with, so that a test probes
            // the engine exactly as the jobs will meet it (podman reads the service's own containers.conf).
            local.MapGet("/containers", (ContainerRuntime runtime) => Wire.Json(new { engine = runtime.Command, environment = runtime.Environment }));
            local.MapGet("/requests", (HttpContext context, RequestLog log) =>
                Wire.Json(new { requests = log.Since(RequestValues.Int(context.Request, "since", 0, 0, int.MaxValue)) }));
            local.MapGet("/faults", (FaultInjector faults) => Wire.Json(faults.Settings));
            local.MapPut("/faults", (HttpContext context, FaultInjector faults) =>
            {
                FaultSettings? settings;
                try
                {
                    settings = JsonSerializer.Deserialize<FaultSettings>(RequestBody.Of(context), Wire.Options);
                }
                catch (JsonException e)
                {
                    throw ApiException.InvalidArgument("The fault settings are not valid: " + e.Message);
                }
                settings ??= FaultSettings.None;
                var problem = settings.Problem();
                faults.Settings = problem == null ? settings : throw ApiException.InvalidArgument(problem);
                return Wire.Json(settings);
            });
            local.MapDelete("/faults", (FaultInjector faults) =>
            {
                faults.Settings = FaultSettings.None;
                return Wire.Json(FaultSettings.None);
            });
        }
    }
}
