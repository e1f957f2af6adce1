using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Turns what a PowerShell user writes for -Hyperparameter into label/value pairs, in the user's order:
    /// an ordered dictionary (<c>[ordered]@{...}</c>), label/value (or name/value) objects or two-key dictionaries as the
    /// Python SDK writes them, <c>label=value</c> strings, or a plain hashtable, which has no order of its own and is
    /// therefore sorted by label.
    /// </summary>
    internal static class Hyperparameters
    {
        public static IList<Hyperparameter> From(IEnumerable<object?>? values)
        {
            var result = new List<Hyperparameter>();
            foreach (var value in values ?? Enumerable.Empty<object?>())
            {
                Add(result, Unwrap(value));
            }

            return result;
        }

        private static void Add(List<Hyperparameter> result, object? value)
        {
            switch (value)
            {
                case null:
                    return;
                case Hyperparameter hyperparameter:
                    result.Add(hyperparameter);
                    return;
                case IDictionary pair when IsSdkPair(pair):
                    // The Python SDK's {"label": "lr", "value": "0.01"} written as @{ label = 'lr'; value = '0.01' }.
                    result.Add(Pair(Entry(pair, "label") ?? Entry(pair, "name"), Entry(pair, "value")));
                    return;
                case Hashtable table:
                    foreach (var key in table.Keys.Cast<object>().OrderBy(k => Text(k), StringComparer.OrdinalIgnoreCase))
                    {
                        result.Add(Pair(key, table[key]));
                    }

                    return;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        result.Add(Pair(entry.Key, entry.Value));
                    }

                    return;
                case DictionaryEntry entry:
                    result.Add(Pair(entry.Key, entry.Value));
                    return;
                case string text:
                    var equals = text.IndexOf('=');
                    if (equals <= 0)
                    {
                        throw Invalid(text, "a string must read label=value");
                    }

                    result.Add(Pair(text.Substring(0, equals), text.Substring(equals + 1)));
                    return;
            }

            var properties = PSObject.AsPSObject(value).Properties;
            var label = properties["Label"] ?? properties["Name"] ?? properties["Key"];
            var content = properties["Value"];
            if (label == null || content == null)
            {
                throw Invalid(value, "an object needs Label (or Name) and Value properties");
            }

            result.Add(Pair(label.Value, content.Value));
        }

        // Exactly the keys label (or name) and value: one hyperparameter, not two named "label" and "value".
        private static bool IsSdkPair(IDictionary dictionary) =>
            dictionary.Count == 2 && Entry(dictionary, "value") != null && (Entry(dictionary, "label") ?? Entry(dictionary, "name")) != null;

        private static object? Entry(IDictionary dictionary, string key) =>
            dictionary.Keys.Cast<object>().Where(k => string.Equals(Text(k), key, StringComparison.OrdinalIgnoreCase)).Select(k => dictionary[k]).FirstOrDefault();

        private static Hyperparameter Pair(object? label, object? value)
        {
            var name = Text(Unwrap(label));
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Invalid(label, "the label is empty");
            }

            return new Hyperparameter(name, Text(Unwrap(value)));
        }

        // Invariant culture, so 0.01 is "0.01" whatever the user's locale.
        private static string Text(object? value) =>
            value == null ? string.Empty : (string)LanguagePrimitives.ConvertTo(value, typeof(string), CultureInfo.InvariantCulture);

        // A [pscustomobject] lives only in its PSObject wrapper; anything else is unwrapped to its own type.
        private static object? Unwrap(object? value) =>
            value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

        private static ModelArtsValidationException Invalid(object? value, string reason) =>
            new ModelArtsValidationException(
                ValidationErrorIds.InvalidHyperparameter,
                "'" + value + "' is not a hyperparameter: " + reason + ". Give [ordered]@{ label = 'value' }, label=value strings or objects with Label and Value.",
                "Hyperparameter",
                value);
    }
}
