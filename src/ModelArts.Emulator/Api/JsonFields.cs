using System.Text.Json;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Api
{
    /// <summary>Typed reads of request JSON; a value of the wrong type is ModelArts.0101, an absent or null one is null.</summary>
    internal static class JsonFields
    {
        public static JsonDocument Parse(byte[] body) => ParseObject(body, () => ApiException.InvalidArgument("The request body must be a JSON object."));

        /// <summary>The body as a JSON object; anything else is <paramref name="refuse"/>'s error (each API has its own code).</summary>
        public static JsonDocument ParseObject(byte[] body, System.Func<ApiException> refuse)
        {
            try
            {
                var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return document;
                }
                document.Dispose();
            }
            catch (JsonException)
            {
                // Answered below, like a body that is not an object.
            }
            throw refuse();
        }

        public static JsonElement? Get(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        public static string? String(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(path, "a string")
            : null;

        public static long? Long(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw WrongType(path, "a whole number")
            : null;

        public static JsonElement? Object(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind == JsonValueKind.Object ? value : throw WrongType(path, "an object")
            : null;

        public static JsonElement? Array(JsonElement parent, string name, string path) => Get(parent, name) is { } value
            ? value.ValueKind == JsonValueKind.Array ? value : throw WrongType(path, "an array")
            : null;

        public static ApiException Missing(string path) => ApiException.InvalidArgument($"{path} is required.");

        private static ApiException WrongType(string path, string kind) => ApiException.InvalidArgument($"{path} must be {kind}.");
    }
}
