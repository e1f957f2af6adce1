using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace ModelArts.Emulator.Catalog
{
    /// <summary>A training flavor as <c>GET job/resource-specs</c> shows it (snake_case on the wire).</summary>
    internal sealed record Flavor(
        long SpecId,
        string SpecCode,
        string Core,
        string Cpu,
        int GpuNum = 0,
        string GpuType = "",
        int UnitNum = 1,
        int MaxNum = 1,
        string Storage = "",
        int InterfaceType = 1,
        bool NoResource = false)
    {
        [JsonIgnore]
        public string FlavorType => GpuNum > 0 ? "GPU" : "CPU";
    }

    /// <summary>A training engine as <c>GET job/ai-engines</c> shows it.</summary>
    internal sealed record Engine(int EngineType, string EngineName, long EngineId, string EngineVersion);

    /// <summary>The flavors and engines in effect, with the look-ups that create validation needs.</summary>
    internal sealed class JobCatalog
    {
        public JobCatalog(IReadOnlyList<Flavor> flavors, IReadOnlyList<Engine> engines)
        {
            RequireUnique(flavors.Select(f => f.SpecId), "spec_id");
            // A code names one flavor: FlavorByCode and the v2 flavor_id look-ups depend on it.
            RequireUnique(flavors.Select(f => f.SpecCode.ToLowerInvariant()), "spec_code");
            RequireUnique(engines.Select(e => e.EngineId), "engine_id");
            Flavors = flavors;
            Engines = engines;
        }

        public IReadOnlyList<Flavor> Flavors { get; }
        public IReadOnlyList<Engine> Engines { get; }

        public Flavor? FlavorById(long specId) => Flavors.FirstOrDefault(f => f.SpecId == specId);

        public Flavor? FlavorByCode(string code) => Flavors.FirstOrDefault(f => string.Equals(f.SpecCode, code, StringComparison.OrdinalIgnoreCase));

        public Engine? EngineById(long engineId) => Engines.FirstOrDefault(e => e.EngineId == engineId);

        internal static void RequireUnique<T>(IEnumerable<T> ids, string name) where T : notnull
        {
            var duplicate = ids.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new ArgumentException($"The catalog lists {name} {duplicate.Key} more than once.");
            }
        }
    }

    /// <summary>Ids, codes and versions taken from real ModelArts answers (see the reference), with generous worker limits.</summary>
    internal static class DefaultCatalog
    {
        public static readonly IReadOnlyList<Flavor> Flavors = new[]
        {
            new Flavor(2, "modelarts.vm.cpu.2u", "2", "8", MaxNum: 5),
            new Flavor(27, "modelarts.vm.cpu.8u", "8", "32", MaxNum: 10),
            new Flavor(5, "modelarts.vm.gpu.v100NV", "8", "64", GpuNum: 1, GpuType: "v100NV32", MaxNum: 4),
            new Flavor(12, "modelarts.vm.gpu.p100", "8", "64", GpuNum: 1, GpuType: "P100", MaxNum: 4),
            new Flavor(15, "modelarts.bm.gpu.8v100", "64", "512", GpuNum: 8, GpuType: "v100NV32", MaxNum: 2),
            new Flavor(16, "modelarts.vm.gpu.free", "4", "16", GpuNum: 1, GpuType: "P100", MaxNum: 1, NoResource: true),
        };

        public static readonly IReadOnlyList<Engine> Engines = new[]
        {
            new Engine(1, "TensorFlow", 1, "TF-1.4.0-python2.7"),
            new Engine(1, "TensorFlow", 3, "TF-1.8.0-python2.7"),
            new Engine(1, "TensorFlow", 4, "TF-1.8.0-python3.6"),
            new Engine(1, "TensorFlow", 5, "TF-1.13.1-python3.6"),
            new Engine(1, "TensorFlow", 6, "TF-2.1.0-python3.6"),
            new Engine(2, "MXNet", 501, "MXNet-1.2.1-python2.7"),
            new Engine(2, "MXNet", 502, "MXNet-1.2.1-python3.6"),
            new Engine(3, "Ray", 61, "RAY-0.7.4-python3.6"),
            new Engine(4, "Caffe", 41, "Caffe-1.0.0-python2.7"),
            new Engine(5, "Spark_MLlib", 51, "Spark-2.3.2-python3.6"),
            new Engine(9, "XGBoost-Sklearn", 100, "XGBoost-0.80-Sklearn-0.18.1-python3.6"),
            new Engine(10, "PyTorch", 21, "PyTorch-1.0.0-python3.6"),
            new Engine(10, "PyTorch", 22, "PyTorch-1.3.0-python3.6"),
            new Engine(10, "PyTorch", 23, "PyTorch-1.4.0-python3.6"),
            new Engine(13, "Ascend-Powered-Engine", 130, "TF-1.15-python3.7-aarch64"),
            new Engine(17, "MindSpore-GPU", 131, "MindSpore-1.1.0-python3.7"),
        };
    }
}
