using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelArts.Emulator.Catalog;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary><c>GET training-job-flavors</c> and <c>GET training-job-engines</c>.</summary>
    internal static class V2CatalogEndpoints
    {
        public static void Map(IEndpointRouteBuilder v2)
        {
            v2.MapGet("/training-job-flavors", Flavors);
            v2.MapGet("/training-job-engines", Engines);
        }

        private static IResult Flavors(HttpContext context, V2JobCatalog catalog, V2Views views)
        {
            var type = context.Request.Query.ContainsKey("flavor_type")
                ? RequestValues.Choice(context.Request, "flavor_type", "", V2Errors.QueryParam, "CPU", "GPU", "Ascend")
                : null;
            var flavors = catalog.Flavors.Where(f => type == null || f.FlavorType == type).Select(V2Views.Flavor).ToList();
            return V2Wire.Json(new { total_count = flavors.Count, flavors });
        }

        private static IResult Engines(V2JobCatalog catalog) =>
            V2Wire.Json(new { total = catalog.Engines.Count, items = catalog.Engines.Select(V2Views.Engine) });
    }
}
