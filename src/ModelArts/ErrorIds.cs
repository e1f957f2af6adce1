namespace ModelArts.PowerShell
{
    /// <summary>
    /// The id of every error record the module writes that it names itself. A check the core makes before sending
    /// keeps the core's id (<see cref="Core.Errors.ValidationErrorIds"/>); together the two classes list every id.
    /// </summary>
    public static class ErrorIds
    {
        // What the service answered, by kind.
        public const string AuthenticationFailed = "AuthenticationFailed";

        public const string PermissionDenied = "PermissionDenied";

        public const string TrainingJobNameExists = "TrainingJobNameExists";

        public const string RequestThrottled = "RequestThrottled";

        public const string RequestTimedOut = "RequestTimedOut";

        public const string ServiceError = "ServiceError";

        public const string ConnectionFailed = "ConnectionFailed";

        public const string InvalidServiceResponse = "InvalidServiceResponse";

        public const string InvalidRequest = "InvalidRequest";

        // What was looked for and not found.
        public const string TrainingJobNotFound = "TrainingJobNotFound";

        public const string ProjectNotFound = "ProjectNotFound";

        public const string EngineNotFound = "EngineNotFound";

        public const string FlavorNotFound = "FlavorNotFound";

        public const string ObsObjectNotFound = "ObsObjectNotFound";

        // OBS transfers.
        public const string ObsTransferFailed = "ObsTransferFailed";

        // How a waited-for job ended.
        public const string TrainingJobFailed = "TrainingJobFailed";

        public const string TrainingJobKilled = "TrainingJobKilled";

        public const string TrainingJobLost = "TrainingJobLost";

        public const string WaitTrainingJobTimeout = "WaitTrainingJobTimeout";

        // Sessions and sign-in.
        public const string NoSession = "NoSession";

        public const string SessionDisconnected = "SessionDisconnected";

        public const string InvalidCredentials = "InvalidCredentials";
    }
}
