using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Api
{
    /// <summary><c>GET job/resource-specs</c> and <c>GET job/ai-engines</c>.</summary>
    internal static class CatalogEndpoints
    {
        public static void Map(IEndpointRouteBuilder v1)
        {
            v1.MapGet("/job/resource-specs", Flavors);
            v1.MapGet("/job/ai-engines", Engines);
        }

        private static IResult Flavors(HttpContext context, JobCatalog catalog)
        {
            RequireJobType(context.Request);
            RequestValues.Int(context.Request, "engine_id", 0, 0, int.MaxValue);
            RequestValues.Int(context.Request, "project_type", 0, 0, int.MaxValue);
            return Wire.Json(new { specs = catalog.Flavors, is_success = true, spec_total_count = catalog.Flavors.Count });
        }

        private static IResult Engines(HttpContext context, JobCatalog catalog)
        {
            RequireJobType(context.Request);
            return Wire.Json(new { engines = catalog.Engines, is_success = true });
        }

        private static void RequireJobType(HttpRequest request) => RequestValues.Choice(request, "job_type", "train", "train", "inference");
    }
}
