namespace ModelArts.Core
{
    /// <summary>
    /// What text can travel in a request at all: the service refuses control characters in names, paths and values,
    /// and a lone UTF-16 surrogate has no UTF-8 form (the encoder would silently send U+FFFD instead).
    /// </summary>
    public static class TextRules
    {
        /// <summary>Why <paramref name="text"/> cannot be sent, or null when it can.</summary>
        public static string? Problem(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    return "it contains a lone UTF-16 surrogate (U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + "), which has no UTF-8 form";
                }
                else if (char.IsControl(c))
                {
                    return "it contains a control character (U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + ", e.g. NUL or a newline)";
                }
            }

            return null;
        }
    }
}
