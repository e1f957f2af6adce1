using System;
using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// The one serializer configuration. The docs and real answers disagree on whether ids, statuses,
    /// times, <c>core</c>, <c>cpu</c> and <c>lines</c> are numbers or strings (contract §2), so every
    /// integer accepts both, and every string accepts a number.
    /// </summary>
    internal static class ModelArtsJson
    {
        public static readonly JsonSerializerOptions Options = CreateOptions();

        public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

        public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

        public static T Deserialize<T>(byte[] utf8Json) =>
            JsonSerializer.Deserialize<T>(utf8Json, Options) ?? throw new JsonException("The answer was JSON null.");

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                // Bodies go to an API, never into HTML; readable non-ASCII keeps -WhatIf and -Debug output legible.
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                NumberHandling = JsonNumberHandling.Strict,
                TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            };
            options.Converters.Add(new TolerantString());
            options.Converters.Add(new TolerantNumber<long>(value => value ?? 0, (writer, value) => writer.WriteNumberValue(value)));
            options.Converters.Add(new TolerantNumber<long?>(value => value, WriteNullable));
            options.Converters.Add(new TolerantNumber<int>(value => checked((int)(value ?? 0)), (writer, value) => writer.WriteNumberValue(value)));
            options.Converters.Add(new TolerantNumber<int?>(value => value.HasValue ? checked((int)value.Value) : (int?)null, (writer, value) => WriteNullable(writer, value)));
            options.MakeReadOnly();
            return options;
        }

        private static void WriteNullable(Utf8JsonWriter writer, long? value)
        {
            if (value.HasValue)
            {
                writer.WriteNumberValue(value.Value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        /// <summary>Reads a JSON number or a numeric string (empty string = absent) as an integer.</summary>
        internal static long? ReadInteger(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out var number))
                    {
                        return number;
                    }

                    return checked((long)reader.GetDouble());
                case JsonTokenType.String:
                    var text = reader.GetString()!.Trim();
                    if (text.Length == 0)
                    {
                        return null;
                    }

                    if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return parsed;
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
                    {
                        return checked((long)real);
                    }

                    throw new JsonException("'" + text + "' is not a number.");
                default:
                    throw new JsonException("Expected a number, found " + reader.TokenType + ".");
            }
        }

        private sealed class TolerantNumber<T> : JsonConverter<T>
        {
            private readonly Func<long?, T> _fromInteger;
            private readonly Action<Utf8JsonWriter, T> _write;

            public TolerantNumber(Func<long?, T> fromInteger, Action<Utf8JsonWriter, T> write)
            {
                _fromInteger = fromInteger;
                _write = write;
            }

            // Lets a JSON null reach Read, so that a non-nullable field reads null as 0 instead of failing.
            public override bool HandleNull => true;

            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                try
                {
                    return _fromInteger(ReadInteger(ref reader));
                }
                catch (OverflowException e)
                {
                    throw new JsonException("Number out of range for " + typeof(T).Name + ".", e);
                }
            }

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _write(writer, value);
        }

        /// <summary>Reads a JSON string, or a number's or boolean's text, as a string.</summary>
        internal static string? ReadString(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.String:
                    try
                    {
                        return reader.GetString();
                    }
                    catch (InvalidOperationException e)
                    {
                        // Text that is not UTF-8: the answer is broken, not the program.
                        throw new JsonException(e.Message, e);
                    }

                case JsonTokenType.Number:
                    return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return reader.GetBoolean() ? "true" : "false";
                default:
                    throw new JsonException("Expected a string, found " + reader.TokenType + ".");
            }
        }

        /// <summary>Reads an integer as <see cref="ReadInteger"/> does, within the range of an <see cref="int"/>.</summary>
        internal static int? ReadInt32(ref Utf8JsonReader reader)
        {
            var value = ReadInteger(ref reader);
            if (value < int.MinValue || value > int.MaxValue)
            {
                throw new JsonException("Number out of range for Int32.");
            }

            return (int?)value;
        }

        private sealed class TolerantString : JsonConverter<string>
        {
            public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadString(ref reader);

            public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
        }
    }
}
