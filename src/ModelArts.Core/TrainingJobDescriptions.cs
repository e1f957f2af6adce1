using System.Globalization;
using ModelArts.Core.Errors;

namespace ModelArts.Core
{
    /// <summary>The v1 limit of a job description (<c>job_desc</c>), checked before anything is sent.</summary>
    public static class TrainingJobDescriptions
    {
        public const int MaxLength = 256;

        public static void EnsureValid(string? description)
        {
            if (description != null && description.Length > MaxLength)
            {
                throw new ModelArtsValidationException(
                    ValidationErrorIds.DescriptionTooLong,
                    "The description has " + description.Length.ToString(CultureInfo.InvariantCulture) + " characters; at most "
                    + MaxLength.ToString(CultureInfo.InvariantCulture) + " are allowed.",
                    "Description",
                    description);
            }
        }
    }
}
