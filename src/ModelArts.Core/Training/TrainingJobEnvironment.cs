using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Training
{
    /// <summary>The rules v2 sets for <c>algorithm.environments</c> (reference §2.2), checked before anything is sent.</summary>
    internal static class TrainingJobEnvironment
    {
        public const int MaxCount = 100;
        private const int MaxNameLength = 8192;
        private const int MaxValueLength = 4096;
        private const string Parameter = "Environment";

        private static readonly Regex Name = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        public static void EnsureValid(IDictionary<string, string>? environment)
        {
            if (environment == null)
            {
                return;
            }

            if (environment.Count > MaxCount)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.TooManyEnvironments, "Environment holds " + environment.Count + " variables; v2 takes at most " + MaxCount + ".", Parameter, environment.Count);
            }

            foreach (var pair in environment.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (pair.Key.Length > MaxNameLength || !Name.IsMatch(pair.Key))
                {
                    throw Invalid("Environment variable name '" + pair.Key + "' is refused: a name is a letter or '_' followed by letters, digits or '_'.", pair.Key);
                }

                if (pair.Key.StartsWith("MA_", StringComparison.Ordinal) || pair.Key.StartsWith("VC_", StringComparison.Ordinal))
                {
                    throw Invalid("Environment variable '" + pair.Key + "' is refused: ModelArts sets the names starting with MA_ or VC_.", pair.Key);
                }

                var value = pair.Value ?? string.Empty;
                if (value.Length > MaxValueLength || value.IndexOf('$') >= 0)
                {
                    throw Invalid("The value of environment variable '" + pair.Key + "' is refused: at most " + MaxValueLength + " characters, and no '$' reference.", pair.Key);
                }
            }
        }

        private static ModelArtsValidationException Invalid(string message, string name) =>
            new ModelArtsValidationException(ValidationErrorIds.InvalidEnvironment, message, Parameter, name);
    }
}
