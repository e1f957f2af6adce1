using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ModelArts.PowerShell.Completers
{
    /// <summary>
    /// Shared completion behaviour: prefix (or wildcard) match, case-insensitive, distinct, quoted when needed,
    /// and never an exception: a completer that fails offers nothing.
    /// </summary>
    public abstract class CompleterBase : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
                var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
                return Candidates(parameterName, fakeBoundParameters)
                    .Where(c => pattern.IsMatch(c.Value))
                    .GroupBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
                    .Select(g => g.First())
                    .Select(c => new CompletionResult(Quote(c.Value), c.Value, CompletionResultType.ParameterValue, c.ToolTip))
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }

        /// <summary>Every value that could complete the parameter, with a tooltip.</summary>
        protected abstract IEnumerable<(string Value, string ToolTip)> Candidates(string parameterName, IDictionary fakeBoundParameters);

        private static string Quote(string value) =>
            value.Any(c => char.IsWhiteSpace(c) || "'\"`$(){}[];,&|<>@#".IndexOf(c) >= 0) ? "'" + value.Replace("'", "''") + "'" : value;
    }
}
