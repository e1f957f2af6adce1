namespace ModelArts.Core.Models
{
    /// <summary>A training engine (v1 ai-engine): framework type and version as the Estimator names them.</summary>
    public sealed class Engine
    {
        internal Engine()
        {
        }

        public long EngineId { get; internal set; }

        public int EngineType { get; internal set; }

        /// <summary><c>engine_name</c>, e.g. TensorFlow.</summary>
        public string FrameworkType { get; internal set; } = string.Empty;

        /// <summary><c>engine_version</c>, e.g. TF-1.8.0-python3.6.</summary>
        public string FrameworkVersion { get; internal set; } = string.Empty;

        public override string ToString() => FrameworkType + " " + FrameworkVersion;
    }
}
