using System;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Obs
{
    /// <summary>What became of one file of a transfer.</summary>
    public sealed class ObsTransferResult
    {
        internal ObsTransferResult(string localPath, ObsLocation remote, ObsObject? uploaded, bool skipped, ModelArtsException? error)
        {
            LocalPath = localPath;
            Remote = remote;
            Uploaded = uploaded;
            Skipped = skipped;
            Error = error;
        }

        public string LocalPath { get; }

        public ObsLocation Remote { get; }

        /// <summary>The object written, for an upload that sent it.</summary>
        public ObsObject? Uploaded { get; }

        /// <summary>Left out as unchanged.</summary>
        public bool Skipped { get; }

        public ModelArtsException? Error { get; }

        public bool Succeeded => Error == null;

        public override string ToString() => LocalPath + " <-> " + Remote + (Skipped ? " (unchanged)" : string.Empty) + (Error == null ? string.Empty : " " + Error.Message);
    }
}
