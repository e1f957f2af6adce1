using System;
using System.IO;
using System.Reflection;

namespace ModelArts.Core.Auth
{
    /// <summary>Warns, as ssh does, when a file that holds a secret can be read by other users.</summary>
    internal static class FilePermissions
    {
        private const int GroupOrOtherBits = 0x3F; // 077

        // File.GetUnixFileMode exists from .NET 7 on (PowerShell 7.4+); netstandard2.0 cannot name it.
        private static readonly MethodInfo? GetUnixFileMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });

        public static string? ReadableByOthersWarning(string path)
        {
            if (GetUnixFileMode == null || Path.DirectorySeparatorChar == '\\')
            {
                return null;
            }

            var mode = Convert.ToInt32(GetUnixFileMode.Invoke(null, new object[] { path }), System.Globalization.CultureInfo.InvariantCulture);
            return (mode & GroupOrOtherBits) == 0
                ? null
                : path + " holds a secret and other users can read it (mode " + Convert.ToString(mode & 0x1FF, 8) + "); restrict it with: chmod 600 " + path;
        }
    }
}
