using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelArts.Core.Http
{
    /// <summary>Makes headers and JSON bodies safe for -Debug output: secrets never reach a transcript.</summary>
    internal static class Redactor
    {
        public const string Mask = "***";

        private const int MaxBodyChars = 4096;

        private static readonly HashSet<string> SecretHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Authorization", "X-Auth-Token", "X-Subject-Token", "X-Security-Token", "Proxy-Authorization", "Cookie", "Set-Cookie",
            "x-obs-security-token", "x-amz-security-token",
        };

        private static readonly HashSet<string> SecretFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "password", "secret", "secret_key", "secretkey", "sk", "securitytoken", "security_token", "access_token", "token",
        };

        public static string Headers(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) =>
            string.Join(Environment.NewLine, headers.Select(h => "  " + h.Key + ": " + (SecretHeaders.Contains(h.Key) ? Mask : string.Join(", ", h.Value))));

        /// <summary>JSON with secret fields masked (and IAM's <c>token.id</c>); anything else only by size.</summary>
        public static string Body(byte[]? body)
        {
            if (body == null || body.Length == 0)
            {
                return "(no body)";
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return "(" + body.Length + " bytes, not JSON)";
            }

            MaskSecrets(node, null);
            var text = node?.ToJsonString(ModelArtsJson.Options) ?? "null";
            return text.Length <= MaxBodyChars ? text : text.Substring(0, MaxBodyChars) + "… (" + body.Length + " bytes)";
        }

        /// <summary>Where the query of a pre-signed URL (a v2 log URL, an OBS or S3 query signature) starts; null for any other text.</summary>
        private static int? PreSignedQuery(string text)
        {
            var query = text.IndexOf('?');
            return query > 0 && text.IndexOf("Signature=", query, StringComparison.OrdinalIgnoreCase) > 0 && Uri.TryCreate(text, UriKind.Absolute, out _) ? query : (int?)null;
        }

        private static void MaskSecrets(JsonNode? node, string? parentName)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var name in obj.Select(p => p.Key).ToList())
                    {
                        var secret = SecretFields.Contains(name)
                            || (string.Equals(name, "id", StringComparison.OrdinalIgnoreCase) && string.Equals(parentName, "token", StringComparison.OrdinalIgnoreCase));
                        if (secret && obj[name] is JsonValue)
                        {
                            obj[name] = Mask;
                        }
                        else if (obj[name] is JsonValue value && value.TryGetValue<string>(out var text) && PreSignedQuery(text) is int query)
                        {
                            obj[name] = text.Substring(0, query) + "?" + Mask;
                        }
                        else
                        {
                            MaskSecrets(obj[name], name);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        MaskSecrets(item, parentName);
                    }

                    break;
            }
        }
    }
}
