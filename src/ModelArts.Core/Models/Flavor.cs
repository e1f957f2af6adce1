namespace ModelArts.Core.Models
{
    /// <summary>A training resource flavor (v1 resource spec, v2 training-job flavor; SpecId is 0 on v2).</summary>
    public sealed class Flavor
    {
        internal Flavor()
        {
        }

        public long SpecId { get; internal set; }

        /// <summary><c>spec_code</c>, what the Estimator calls <c>train_instance_type</c>.</summary>
        public string Code { get; internal set; } = string.Empty;

        public int Cores { get; internal set; }

        public int MemoryGiB { get; internal set; }

        public int GpuCount { get; internal set; }

        public string? GpuType { get; internal set; }

        public int MaxNodes { get; internal set; }

        public bool SoldOut { get; internal set; }

        /// <summary>v2: CPU, GPU or Ascend.</summary>
        public string? FlavorType { get; internal set; }

        /// <summary>v2: the CPU architecture, x86 or arm.</summary>
        public string? Arch { get; internal set; }

        public override string ToString() => Code;
    }
}
