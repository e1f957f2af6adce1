using System;
using System.Globalization;
using System.Text.RegularExpressions;
using ModelArts.Core.Errors;

namespace ModelArts.Core
{
    /// <summary>The v1 job name rule, and names for jobs the user did not name (as the SDK's fit() does).</summary>
    public static class TrainingJobNames
    {
        private static readonly Regex Rule = new Regex("^[A-Za-z0-9_-]{1,64}\\z", RegexOptions.CultureInvariant);

        private static readonly Random Random = new Random();

        public static bool IsValid(string? name) => name != null && Rule.IsMatch(name);

        /// <summary>Refuses a name the service would refuse, before anything is sent.</summary>
        public static void EnsureValid(string? name)
        {
            if (!IsValid(name))
            {
                throw new ModelArtsValidationException(
                    ValidationErrorIds.InvalidJobName, "Job name '" + name + "' is invalid: use 1 to 64 letters, digits, '_' or '-'.", "Name", name);
            }
        }

        /// <summary>e.g. <c>job-20261128-150812-3f2a</c>: sortable by time, unlikely to collide.</summary>
        public static string Generate() => Generate(DateTimeOffset.UtcNow);

        public static string Generate(DateTimeOffset now)
        {
            int suffix;
            lock (Random)
            {
                suffix = Random.Next(0, 0x10000);
            }

            return "job-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + suffix.ToString("x4", CultureInfo.InvariantCulture);
        }
    }
}
