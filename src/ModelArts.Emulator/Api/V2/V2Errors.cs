using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Api.V2
{
    /// <summary>The v2 training error codes this service answers with, as the real service's error-code table names them.</summary>
    internal static class V2Errors
    {
        public static ApiException InvalidJson() =>
            Error("ModelArts.2787", "Invalid JSON request body.", "Check the request body.");

        /// <summary>A missing, unknown or out-of-range field (InvalidParam).</summary>
        public static ApiException InvalidParam(string detail) =>
            Error("ModelArts.2788", $"Invalid parameter({detail}).", "Check the request parameter.");

        public static ApiException ParamType(string path, string kind) =>
            Error("ModelArts.2825", $"The parameter ({path}) value type error: it must be {kind}.", "Ensure that the parameter value type is correct.");

        public static ApiException QueryParam(string detail) =>
            Error("ModelArts.2764", $"Invalid query parameter ({detail}).", "Check the validity of the parameter in the request.");

        public static ApiException JobNotFound(string id) =>
            Error("ModelArts.2775", $"Training job (ID: {id}) not found.", "Check whether the training job information in the request is valid.");

        public static ApiException DuplicateName(string name) =>
            Error("ModelArts.2751", $"Duplicate training job (name {name}).", "Change training job name.");

        public static ApiException EngineNotFound(string id) =>
            Error("ModelArts.2780", $"AI engine(id:{id}) not found.", "Check whether the engine information in the request is valid.");

        public static ApiException FlavorNotFound(string id) =>
            Error("ModelArts.2781", $"Flavor ({id}) not found.", "Check whether the flavor in the request is valid.");

        public static ApiException FlavorOutOfRange(long count, int maximum) =>
            Error("ModelArts.2793", $"The number of flavor instances ({count}) exceeds the maximum ({maximum}).", "Check the flavor.");

        public static ApiException DatasetNotFound(string id) =>
            Error("ModelArts.2783", $"Dataset (ID: {id}) not found.", "Check whether the dataset ID in the request is valid.");

        public static ApiException DatasetVersionNotFound(string id) =>
            Error("ModelArts.2782", $"Dataset version (ID: {id}) not found.", "Check whether the dataset version ID in the request is valid.");

        public static ApiException InvalidObsPath(string path, string reason) =>
            Error("ModelArts.2791", $"Invalid obs path: {path}, reason: {reason}.", "Check the obs path.");

        public static ApiException BootFile(string detail) =>
            Error("ModelArts.2758", $"code startup file path error: {detail}.", "Check whether the training project information in the request is valid.");

        public static ApiException CommandAndImage() =>
            Error("ModelArts.2806", "Custom image jobs command and engine.url cannot be empty.", "Check whether the command and engine.url is valid.");

        public static ApiException DuplicateParameter(string name) =>
            Error("ModelArts.2767", $"parameter key repeat: {name}.", "Please rename the parameter name.");

        public static ApiException UnsupportedAction(string action) =>
            Error("ModelArts.2812", $"Unsupported action type:{action}", "Check whether the action type is valid.");

        public static ApiException UnsupportedSortBy(string sortBy) =>
            Error("ModelArts.2790", $"Unsupported sorting item: {sortBy}.", "Check whether the sorting item is valid.");

        public static ApiException ConditionKey(string key) =>
            Error("ModelArts.2807", $"Unsupported condition key ({key})", "Check whether the key of search is valid.");

        public static ApiException ConditionOperator(string op) =>
            Error("ModelArts.2808", $"Unsupported condition operator ({op})", "Check whether the operator of search is valid.");

        public static ApiException ConditionValue(string value) =>
            Error("ModelArts.2809", $"Unsupported condition value ({value})", "Check whether the value of search is valid.");

        public static ApiException Quota(int quota) =>
            Error("ModelArts.2815", $"Exceed quota limit of resource(training jobs: {quota}).", "Please release the resources in use or apply for an expanded quota.");

        public static ApiException LogNotGenerated(string task) =>
            Error("ModelArts.2818", $"the log file is not generated ({task})", "Please view the log after the log is generated.");

        private static ApiException Error(string code, string message, string solution) =>
            new ApiException(StatusCodes.Status400BadRequest, code, message, ErrorShape.ModelArtsV2) { Solution = solution };
    }
}
