namespace ModelArts.Core.Errors
{
    /// <summary>What went wrong, coarse enough for a cmdlet to pick an error category.</summary>
    public enum ModelArtsErrorKind
    {
        InvalidArgument,
        Authentication,
        PermissionDenied,
        NotFound,
        ResourceExists,
        Throttled,
        Timeout,
        ServerError,
        Connection,
        InvalidResponse,
    }
}
