using System.Collections.Generic;

namespace ModelArts.Emulator.Obs
{
    /// <summary>
    /// What OBS keeps about an object (or a multipart part) beyond its bytes. <see cref="Size"/> and <see cref="WriteTicks"/>
    /// tie it to one version of the file: a file a job rewrote no longer matches and is described afresh.
    /// </summary>
    internal sealed record ObjectRecord
    {
        public string ETag { get; init; } = "";
        public long Size { get; init; }
        public long WriteTicks { get; init; }
        public string ContentType { get; init; } = DefaultContentType;

        /// <summary>Content-Encoding, Content-Disposition, Cache-Control, Content-Language and Expires as the upload gave them.</summary>
        public Dictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

        /// <summary>User metadata, lower-case names without the <c>x-obs-meta-</c> / <c>x-amz-meta-</c> prefix.</summary>
        public Dictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

        public const string DefaultContentType = "binary/octet-stream";
    }
}
