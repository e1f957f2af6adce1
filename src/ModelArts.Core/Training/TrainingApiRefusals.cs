using ModelArts.Core.Errors;

namespace ModelArts.Core.Training
{
    /// <summary>The one wording of "this training API has no such thing", for both APIs.</summary>
    internal static class TrainingApiRefusals
    {
        public static ModelArtsValidationException OnlyOnV1(string what) =>
            new ModelArtsValidationException(ValidationErrorIds.NotInTrainingApi, what + " works only with the v1 training API; this session speaks v2 (Connect-MaSession -TrainingApi V1 for v1 jobs).", what, null);

        public static ModelArtsValidationException OnlyOnV2(string what) =>
            new ModelArtsValidationException(ValidationErrorIds.NotInTrainingApi, what + " works only with the v2 training API; this session speaks v1.", what, null);
    }
}
