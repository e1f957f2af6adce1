using System.Text.RegularExpressions;

namespace ModelArts.Emulator.Api
{
    /// <summary>
    /// The job rules both training APIs apply, as the real service does. The module checks the same rules before
    /// sending (<c>ModelArts.Core.TrainingJobNames</c>, <c>TrainingJobDescriptions</c>); a core test keeps them in step.
    /// </summary>
    internal static class JobRules
    {
        public const int MaxDescriptionLength = 256;

        public static readonly Regex JobName = new Regex("^[A-Za-z0-9_-]{1,64}\\z", RegexOptions.CultureInvariant);

        public static bool IsDescriptionValid(string description) => description.Length <= MaxDescriptionLength;
    }
}
