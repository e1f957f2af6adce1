namespace ModelArts.Core.Errors
{
    /// <summary>
    /// The id of every check the core makes before anything is sent (<see cref="ModelArtsValidationException.ErrorId"/>);
    /// the module passes them on unchanged as error record ids. Kept here, once, so docs and tests can list them.
    /// </summary>
    public static class ValidationErrorIds
    {
        public const string BootFileOutsideCodeDir = "BootFileOutsideCodeDir";

        public const string CodeWithCustomImage = "CodeWithCustomImage";

        public const string ConflictingDataSources = "ConflictingDataSources";

        public const string DatasetVersionRequired = "DatasetVersionRequired";

        public const string DescriptionTooLong = "DescriptionTooLong";

        public const string FrameworkWithCustomImage = "FrameworkWithCustomImage";

        public const string InsecureEndpoint = "InsecureEndpoint";

        public const string InvalidEndpoint = "InvalidEndpoint";

        public const string InvalidHyperparameter = "InvalidHyperparameter";

        public const string InvalidJobName = "InvalidJobName";

        public const string InvalidObsKey = "InvalidObsKey";

        public const string InvalidObsPath = "InvalidObsPath";

        public const string InvalidProfileFile = "InvalidProfileFile";

        public const string InvalidTrainInstanceCount = "InvalidTrainInstanceCount";

        public const string LocalDestinationExists = "LocalDestinationExists";

        public const string LocalPathNotFound = "LocalPathNotFound";

        public const string MissingBootFile = "MissingBootFile";

        public const string MissingCodeDir = "MissingCodeDir";

        public const string MissingCredentials = "MissingCredentials";

        public const string MissingDataSource = "MissingDataSource";

        public const string MissingEndpoint = "MissingEndpoint";

        public const string MissingFramework = "MissingFramework";

        public const string MissingIamEndpoint = "MissingIamEndpoint";

        public const string MissingObsEndpoint = "MissingObsEndpoint";

        public const string MissingOutputPath = "MissingOutputPath";

        public const string MissingPreVersionId = "MissingPreVersionId";

        public const string MissingProject = "MissingProject";

        public const string MissingTrainInstanceType = "MissingTrainInstanceType";

        public const string MissingUserCommand = "MissingUserCommand";

        public const string MissingUserImageUrl = "MissingUserImageUrl";

        public const string NoModelArtsInRegion = "NoModelArtsInRegion";

        public const string ObsFolderNeedsRecurse = "ObsFolderNeedsRecurse";

        public const string ProfileNotFound = "ProfileNotFound";

        public const string TrainInstanceCountExceedsMaxNodes = "TrainInstanceCountExceedsMaxNodes";

        public const string UnknownFramework = "UnknownFramework";

        public const string UnknownRegion = "UnknownRegion";

        public const string UnknownTrainInstanceType = "UnknownTrainInstanceType";
    }
}
