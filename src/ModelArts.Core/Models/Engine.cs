namespace ModelArts.Core.Models
{
    /// <summary>A training engine (v1 ai-engine, v2 training-job engine; EngineId is 0 on v2): framework type and version as the Estimator names them.</summary>
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

        /// <summary>v2: the engine's image.</summary>
        public string? ImageUrl { get; internal set; }

        /// <summary>v2: whether the engine runs v1-style jobs.</summary>
        public bool? V1Compatible { get; internal set; }

        public override string ToString() => FrameworkType + " " + FrameworkVersion;
    }
}
