using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Http
{
    /// <summary>The JSON shape the real service speaks: snake_case names, nulls written out.</summary>
    internal static class Wire
    {
        public static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };

        public static IResult Json(object body, int status = StatusCodes.Status200OK) =>
            Results.Json(body, Options, "application/json;charset=UTF-8", status);

        /// <summary>The answer to a v1 call that has nothing else to say.</summary>
        public static IResult Success() => Json(new { is_success = true });

        public static Task WriteAsync(HttpContext context, int status, object body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;charset=UTF-8";
            return context.Response.WriteAsync(JsonSerializer.Serialize(body, body.GetType(), Options));
        }
    }
}
