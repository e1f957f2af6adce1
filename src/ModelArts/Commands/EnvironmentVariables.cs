using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>-Environment as the name/value map the core checks; values are written as invariant text.</summary>
    internal static class EnvironmentVariables
    {
        public static IDictionary<string, string>? From(IDictionary? values)
        {
            if (values == null)
            {
                return null;
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in values)
            {
                var name = Convert.ToString(PSObject.AsPSObject(entry.Key).BaseObject, CultureInfo.InvariantCulture) ?? string.Empty;
                var value = entry.Value == null ? string.Empty : Convert.ToString(PSObject.AsPSObject(entry.Value).BaseObject, CultureInfo.InvariantCulture) ?? string.Empty;
                result[name] = value;
            }

            return result;
        }
    }
}
