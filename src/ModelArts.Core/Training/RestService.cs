namespace ModelArts.Core.Training
{
    /// <summary>The service an <c>Invoke-MaRestMethod</c> call goes to: the session's ModelArts, IAM or OBS endpoint.</summary>
    public enum RestService
    {
        ModelArts,
        Iam,

        /// <summary>OBS, with the OBS signature (and the security token of temporary keys); paths are <c>/bucket/key</c>.</summary>
        Obs,
    }
}
