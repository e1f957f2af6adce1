namespace ModelArts.Core.Errors
{
    /// <summary>A client-side check failed; nothing was sent.</summary>
    public sealed class ModelArtsValidationException : ModelArtsException
    {
        public ModelArtsValidationException(string errorId, string message, string? parameterName = null, object? target = null)
            : base(ModelArtsErrorKind.InvalidArgument, message)
        {
            ErrorId = errorId;
            ParameterName = parameterName;
            Target = target;
        }

        /// <summary>Stable identifier such as <c>UnknownTrainInstanceType</c>; cmdlets use it as the error id.</summary>
        public string ErrorId { get; }

        /// <summary>The Estimator / cmdlet parameter at fault, when there is one.</summary>
        public string? ParameterName { get; }

        /// <summary>The offending value.</summary>
        public object? Target { get; }
    }
}
