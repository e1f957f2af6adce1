using ModelArts.Core.Models;

namespace ModelArts.Core.Training
{
    /// <summary>A checked create of the session's training API: what -WhatIf shows is exactly what is sent.</summary>
    public sealed class PreparedTrainingJob
    {
        internal PreparedTrainingJob(string name, RequestPreview preview, CreateTrainingJobRequest request, byte[]? v2Body)
        {
            Name = name;
            Preview = preview;
            Request = request;
            V2Body = v2Body;
        }

        public string Name { get; }

        public RequestPreview Preview { get; }

        /// <summary>The checked spec in v1 form: the v1 body itself, and on v2 what a found job is compared with.</summary>
        internal CreateTrainingJobRequest Request { get; }

        /// <summary>The v2 body; null on v1.</summary>
        internal byte[]? V2Body { get; }
    }
}
