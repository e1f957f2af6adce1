namespace ModelArts.Emulator.Obs
{
    /// <summary>What a V4 streaming upload needs to check each chunk's signature (null key: unsigned chunks with a trailer).</summary>
    internal sealed record ChunkSigning(byte[]? SigningKey, string AmzDate, string Scope, string SeedSignature, bool Trailer);

    /// <summary>An authenticated OBS caller and what the body still has to prove.</summary>
    /// <param name="HeaderPrefix"><c>x-obs-</c> for the OBS signature, <c>x-amz-</c> for the AWS schemes: answers use the caller's.</param>
    /// <param name="PayloadSha256">The hex SHA-256 a V4 client declared for the body, checked once the body is read.</param>
    /// <param name="Chunked">Set when the body is <c>aws-chunked</c> and must be decoded.</param>
    internal sealed record ObsCaller(string AccessKey, string HeaderPrefix, string? PayloadSha256, ChunkSigning? Chunked);
}
