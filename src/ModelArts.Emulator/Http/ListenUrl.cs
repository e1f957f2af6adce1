using System;

namespace ModelArts.Emulator.Http
{
    /// <summary>Reads a <c>--urls</c> entry; the wildcards <c>*</c> and <c>+</c> (all addresses) read as 0.0.0.0.</summary>
    internal static class ListenUrl
    {
        public static Uri? Parse(string url) =>
            Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) ? uri : null;
    }
}
