using System;
using System.Text.Json.Serialization;

namespace ModelArts.Core.Models
{
    /// <summary>One <c>config.parameter</c> entry; both parts are strings on the wire.</summary>
    public sealed class Hyperparameter
    {
        [JsonConstructor]
        public Hyperparameter(string label, string value)
        {
            Label = label ?? throw new ArgumentNullException(nameof(label));
            Value = value ?? string.Empty;
        }

        [JsonPropertyName("label")]
        public string Label { get; }

        [JsonPropertyName("value")]
        public string Value { get; }

        public override string ToString() => Label + "=" + Value;
    }
}
