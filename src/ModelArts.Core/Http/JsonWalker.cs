using System;
using System.Collections.Generic;
using System.Text.Json;

namespace ModelArts.Core.Http
{
    /// <summary>Reads the members of an object the walker has just entered (<see cref="JsonWalker.ReadObjects{T}"/>).</summary>
    internal delegate T JsonObjectReader<out T>(ref JsonWalker json);

    /// <summary>
    /// Reads a JSON answer member by member, for the few answers a cmdlet reads on every call in a loop (the flavor
    /// catalogs), where it takes about half the typed serializer's time (bench/PROFILE.md, fourth pass). Values follow
    /// the serializer's rules in <see cref="ModelArtsJson"/> (numbers and numeric strings alike, a number's text as a
    /// string); members nobody asks for are skipped, and an answer of the wrong shape is a <see cref="JsonException"/>.
    /// </summary>
    /// <remarks>
    /// After every call the reader is on the last token of what it read, so the next call moves on from there: a member
    /// is read by <see cref="NextMember"/>, <see cref="Is"/> on its name, then one value call (or <see cref="Skip"/>).
    /// </remarks>
    internal ref struct JsonWalker
    {
        private Utf8JsonReader _reader;

        public JsonWalker(ReadOnlySpan<byte> json)
        {
            _reader = new Utf8JsonReader(json);
            Advance();
        }

        /// <summary>Enters the answer's top-level object; an answer of JSON null is a <see cref="JsonException"/>, as for the serializer.</summary>
        public void EnterAnswer()
        {
            if (!EnterObject())
            {
                throw new JsonException("The answer was JSON null.");
            }
        }

        /// <summary>Reads the array that is the current value, each object in it by <paramref name="read"/>; JSON null (the array or an element) adds nothing.</summary>
        public void ReadObjects<T>(List<T> into, JsonObjectReader<T> read)
        {
            if (!EnterArray())
            {
                return;
            }

            while (NextElement())
            {
                if (EnterObject())
                {
                    into.Add(read(ref this));
                }
            }
        }

        /// <summary>Enters the object that is the current value: true, or false for JSON null.</summary>
        public bool EnterObject() => Enter(JsonTokenType.StartObject, "an object");

        /// <summary>Enters the array that is the current value: true, or false for JSON null.</summary>
        public bool EnterArray() => Enter(JsonTokenType.StartArray, "an array");

        /// <summary>Moves to the next member of the object entered: true on its name, false at the object's end.</summary>
        public bool NextMember()
        {
            Advance();
            return _reader.TokenType == JsonTokenType.PropertyName;
        }

        /// <summary>Moves to the next element of the array entered: true on its value, false at the array's end.</summary>
        public bool NextElement()
        {
            Advance();
            return _reader.TokenType != JsonTokenType.EndArray;
        }

        /// <summary>Whether the current member has this name (UTF-8, as the answer spells it).</summary>
        public bool Is(ReadOnlySpan<byte> name) => _reader.TokenType == JsonTokenType.PropertyName && _reader.ValueTextEquals(name);

        public string? String()
        {
            MoveToValue();
            return ModelArtsJson.ReadString(ref _reader);
        }

        public long? Int64()
        {
            MoveToValue();
            return ModelArtsJson.ReadInteger(ref _reader);
        }

        public int? Int32()
        {
            MoveToValue();
            return ModelArtsJson.ReadInt32(ref _reader);
        }

        public bool? Boolean()
        {
            MoveToValue();
            switch (_reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return _reader.GetBoolean();
                default:
                    throw new JsonException("Expected true or false, found " + _reader.TokenType + ".");
            }
        }

        /// <summary>Skips the current member's value, or the rest of the current value.</summary>
        public void Skip() => _reader.Skip();

        private void MoveToValue()
        {
            if (_reader.TokenType == JsonTokenType.PropertyName)
            {
                Advance();
            }
        }

        private bool Enter(JsonTokenType start, string what)
        {
            MoveToValue();
            if (_reader.TokenType == JsonTokenType.Null)
            {
                return false;
            }

            if (_reader.TokenType != start)
            {
                throw new JsonException("Expected " + what + ", found " + _reader.TokenType + ".");
            }

            return true;
        }

        private void Advance()
        {
            if (!_reader.Read())
            {
                throw new JsonException("The JSON ends early.");
            }
        }
    }
}
