namespace ModelArts.Core.Training
{
    /// <summary>Which ModelArts training API a session speaks: v2 (sold today) or v1 (OTC's old jobs).</summary>
    public enum TrainingApi
    {
        V2,
        V1,
    }
}
