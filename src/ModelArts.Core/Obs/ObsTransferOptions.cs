namespace ModelArts.Core.Obs
{
    /// <summary>How a transfer runs.</summary>
    public sealed class ObsTransferOptions
    {
        /// <summary>OBS's smallest part that is not the last.</summary>
        public const int MinPartSize = 100 * 1024;

        public const int DefaultPartSize = 8 * 1024 * 1024;

        // About what the other clients keep in flight (AWS CLI 10 requests, rclone 4 files or 4 parts of one); at most 64 MiB
        // of part buffers. Measured against 4 on the local service (bench/LIMITS.md §6), one file or many.
        public const int DefaultParallelism = 8;

        /// <summary>Files up to this size go in one request; larger ones in parts of this size.</summary>
        public int PartSize { get; set; } = DefaultPartSize;

        /// <summary>Requests in flight at once, over all files; memory is at most this many parts.</summary>
        public int Parallelism { get; set; } = DefaultParallelism;

        /// <summary>Leave out a file whose counterpart has the same size and MD5 (ETag).</summary>
        public bool SkipUnchanged { get; set; }

        /// <summary>Continue an interrupted multipart upload, and keep the parts of one that fails again.</summary>
        public bool Resume { get; set; }

        /// <summary>
        /// Send each uploaded body's MD5 (Content-MD5), so OBS refuses one damaged on the way. Off by default, as in the AWS
        /// CLI, obsutil and the OBS SDKs: over https TLS already refuses damaged bytes, and the MD5 is most of an upload's
        /// CPU (about 3 ms a MB).
        /// </summary>
        public bool VerifyMd5 { get; set; }

        /// <summary>Overwrite local files that exist.</summary>
        public bool Force { get; set; }
    }
}
