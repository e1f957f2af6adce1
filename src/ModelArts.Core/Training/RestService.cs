namespace ModelArts.Core.Training
{
    /// <summary>The service an <c>Invoke-MaRestMethod</c> call goes to: the session's ModelArts or IAM endpoint.</summary>
    public enum RestService
    {
        ModelArts,
        Iam,
    }
}
