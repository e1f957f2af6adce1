using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary>v2 answers: snake_case like v1, but absent values are left out, as the real v2 service does.</summary>
    internal static class V2Wire
    {
        public static readonly JsonSerializerOptions Options = new JsonSerializerOptions(Wire.Options)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public static IResult Json(object body, int status = StatusCodes.Status200OK) =>
            Results.Json(body, Options, "application/json;charset=UTF-8", status);

        /// <summary>"Not ready yet" (ModelArts.2776 / 2777): HTTP 204, which carries no body.</summary>
        public static IResult NotReady() => Results.StatusCode(StatusCodes.Status204NoContent);

        /// <summary>A job by its id from the URL; anything that is not one of this service's UUIDs names no job.</summary>
        public static V2JobRecord Job(V2JobStore store, string id) =>
            System.Guid.TryParseExact(id, "D", out _) && store.Find(id) is { } job ? job : throw V2Errors.JobNotFound(id);
    }
}
