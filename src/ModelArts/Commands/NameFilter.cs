using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Wildcard filter on names, case-insensitive. Remembers which plain names (no wildcard) matched nothing,
    /// so a cmdlet can report them the way Get-Process does; a pattern matching nothing is not an error.
    /// </summary>
    internal sealed class NameFilter
    {
        private readonly List<(string Text, WildcardPattern Pattern, bool Literal)> _patterns;
        private readonly HashSet<string> _matched = new HashSet<string>();

        public NameFilter(IEnumerable<string>? names)
        {
            _patterns = (names ?? Enumerable.Empty<string>())
                .Select(n => (n, WildcardPattern.Get(n, WildcardOptions.IgnoreCase), !WildcardPattern.ContainsWildcardCharacters(n)))
                .ToList();
        }

        public bool IsEmpty => _patterns.Count == 0;

        /// <summary>True when there is no filter or <paramref name="value"/> matches one of its names.</summary>
        public bool IsMatch(string? value)
        {
            if (IsEmpty)
            {
                return true;
            }

            var any = false;
            foreach (var (text, pattern, _) in _patterns)
            {
                if (!pattern.IsMatch(value ?? string.Empty))
                {
                    continue;
                }

                _matched.Add(text);
                any = true;
            }

            return any;
        }

        /// <summary>The plain names that no value matched.</summary>
        public IEnumerable<string> Unmatched => _patterns.Where(p => p.Literal && !_matched.Contains(p.Text)).Select(p => p.Text);

        /// <summary>Every name or pattern that no value matched: for a command that acts on what it finds, an empty match is an error.</summary>
        public IEnumerable<string> UnmatchedPatterns => _patterns.Where(p => !_matched.Contains(p.Text)).Select(p => p.Text);

        /// <summary>
        /// The longest run of plain characters of a single name: a server-side substring search that is sure to
        /// keep every match (the client filter does the rest). Null when there is nothing to search for.
        /// </summary>
        public string? SearchText(int maxLength)
        {
            if (_patterns.Count != 1 || _patterns[0].Text.IndexOf('`') >= 0)
            {
                return null;
            }

            var longest = _patterns[0].Text.Split('*', '?', '[', ']').OrderByDescending(s => s.Length).First();
            return longest.Length == 0 || longest.Length > maxLength ? null : longest;
        }
    }
}
