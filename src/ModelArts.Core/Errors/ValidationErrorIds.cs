namespace ModelArts.Core.Errors
{
    /// <summary>
    /// The id of every check the core makes before anything is sent (<see cref="ModelArtsValidationException.ErrorId"/>);
    /// the module passes them on unchanged as error record ids. Kept here, once, so docs and tests can list them.
    /// </summary>
    public static class ValidationErrorIds
    {
        public const string BootFileOutsideCodeDir = "BootFileOutsideCodeDir";

        public const string CloudNotFound = "CloudNotFound";

        public const string CodeWithCustomImage = "CodeWithCustomImage";

        public const string ConflictingDataSources = "ConflictingDataSources";

        public const string DatasetVersionRequired = "DatasetVersionRequired";

        public const string DescriptionTooLong = "DescriptionTooLong";

        public const string FrameworkWithCustomImage = "FrameworkWithCustomImage";

        public const string InsecureEndpoint = "InsecureEndpoint";

        public const string InvalidCertificateBundle = "InvalidCertificateBundle";

        public const string InvalidCloudsYaml = "InvalidCloudsYaml";

        public const string InvalidCredentialsFile = "InvalidCredentialsFile";

        public const string InvalidEndpoint = "InvalidEndpoint";

        public const string InvalidEnvironment = "InvalidEnvironment";

        public const string InvalidHyperparameter = "InvalidHyperparameter";

        public const string InvalidJobId = "InvalidJobId";

        public const string InvalidJobName = "InvalidJobName";

        public const string InvalidObsKey = "InvalidObsKey";

        public const string InvalidObsPath = "InvalidObsPath";

        public const string InvalidProfileFile = "InvalidProfileFile";

        public const string InvalidProxy = "InvalidProxy";
        public const string InvalidRestRequest = "InvalidRestRequest";

        public const string InvalidTrainInstanceCount = "InvalidTrainInstanceCount";

        public const string LocalCodeDirEmpty = "LocalCodeDirEmpty";

        public const string LocalCodeDirNotFolder = "LocalCodeDirNotFolder";

        public const string LocalDestinationExists = "LocalDestinationExists";

        public const string LocalPathNotFound = "LocalPathNotFound";

        public const string LocalPathUnreadable = "LocalPathUnreadable";

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

        /// <summary>A cmdlet or parameter the session's training API lacks (e.g. versions on v2, -Environment on v1).</summary>
        public const string NotInTrainingApi = "NotInTrainingApi";
        public const string ObsFolderNeedsRecurse = "ObsFolderNeedsRecurse";

        public const string ProfileNotFound = "ProfileNotFound";

        public const string TooManyEnvironments = "TooManyEnvironments";

        public const string TrainInstanceCountExceedsMaxNodes = "TrainInstanceCountExceedsMaxNodes";

        public const string UnknownFramework = "UnknownFramework";

        public const string UnknownRegion = "UnknownRegion";

        public const string UnknownTask = "UnknownTask";

        public const string UnknownTrainInstanceType = "UnknownTrainInstanceType";

        public const string WorkerOutOfRange = "WorkerOutOfRange";
    }
}
