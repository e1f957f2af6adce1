using System.Linq;
using System.Text.Json;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary>Strict reads of v2 request JSON: an unknown field or a missing one is ModelArts.2788, a wrongly typed one ModelArts.2825.</summary>
    internal static class V2Json
    {
        public static JsonDocument Parse(byte[] body) => JsonFields.ParseObject(body, V2Errors.InvalidJson);

        /// <summary>Refuses any field of <paramref name="element"/> that is not in <paramref name="known"/>.</summary>
        public static void Only(JsonElement element, string path, params string[] known)
        {
            foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
            {
                throw V2Errors.InvalidParam($"{Join(path, property.Name)} is not a field the local service knows");
            }
        }

        public static JsonElement? Get(JsonElement parent, string name) => JsonFields.Get(parent, name);

        public static string? String(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw V2Errors.ParamType(Join(path, name), "a string")
            : null;

        public static long? Long(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw V2Errors.ParamType(Join(path, name), "a whole number")
            : null;

        public static bool? Bool(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw V2Errors.ParamType(Join(path, name), "true or false")
            : null;

        public static JsonElement? Object(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind == JsonValueKind.Object ? value : throw V2Errors.ParamType(Join(path, name), "an object")
            : null;

        public static JsonElement? Array(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind == JsonValueKind.Array ? value : throw V2Errors.ParamType(Join(path, name), "an array")
            : null;

        public static ApiException Missing(string path) => V2Errors.InvalidParam(path + " is required");

        public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
    }
}
