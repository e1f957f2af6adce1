using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelArts.Emulator.Catalog
{
    /// <summary>
    /// A v2 training flavor (<c>GET /v2/{project_id}/training-job-flavors</c>). Accelerators are described, not
    /// provided: a GPU flavor's workers run on this machine's CPU, and their log says so.
    /// </summary>
    internal sealed record V2Flavor(
        string FlavorId,
        string FlavorName,
        string FlavorType,
        int MaxNum,
        int CoreNum,
        int MemoryGb,
        int DiskGb,
        string Arch = "x86",
        int GpuNum = 0,
        string? GpuProduct = null,
        string? GpuMemory = null,
        bool Free = false);

    /// <summary>
    /// A v2 training engine (<c>GET /v2/{project_id}/training-job-engines</c>). <see cref="LocalInterpreter"/> is this
    /// service's own addition: which program runs the engine's python boot files here (<c>python</c> = <c>--python</c>,
    /// or a program such as <c>/usr/bin/python3</c>, e.g. the one that has PyTorch).
    /// </summary>
    internal sealed record V2Engine(
        string EngineId,
        string EngineName,
        string EngineVersion,
        bool V1Compatible,
        string RunUser,
        string ImageUrl,
        string ImageVersion,
        string LocalInterpreter = "python");

    /// <summary>The v2 flavors and engines in effect, with the look-ups create validation needs.</summary>
    internal sealed class V2JobCatalog
    {
        public V2JobCatalog(IReadOnlyList<V2Flavor> flavors, IReadOnlyList<V2Engine> engines)
        {
            JobCatalog.RequireUnique(flavors.Select(f => f.FlavorId), "flavor_id");
            JobCatalog.RequireUnique(engines.Select(e => e.EngineId), "engine_id");
            Flavors = flavors;
            Engines = engines;
        }

        public IReadOnlyList<V2Flavor> Flavors { get; }
        public IReadOnlyList<V2Engine> Engines { get; }

        public V2Flavor? Flavor(string flavorId) => Flavors.FirstOrDefault(f => f.FlavorId == flavorId);

        public V2Engine? EngineById(string engineId) => Engines.FirstOrDefault(e => e.EngineId == engineId);

        /// <summary>v2 engine versions are the engine ids themselves; names compare case-insensitively, as the console does.</summary>
        public V2Engine? EngineByName(string name, string version) => Engines.FirstOrDefault(e =>
            string.Equals(e.EngineName, name, StringComparison.OrdinalIgnoreCase) && e.EngineVersion == version);
    }

    /// <summary>Ids and names as the real v2 service shows them (see the reference, §2.5 and §2.6).</summary>
    internal static class DefaultV2Catalog
    {
        public static readonly IReadOnlyList<V2Flavor> Flavors = new[]
        {
            new V2Flavor("modelarts.vm.cpu.2u", "Computing CPU(2U) instance", "CPU", MaxNum: 1, CoreNum: 2, MemoryGb: 8, DiskGb: 50),
            new V2Flavor("modelarts.vm.cpu.8u", "Computing CPU(8U) instance", "CPU", MaxNum: 16, CoreNum: 8, MemoryGb: 32, DiskGb: 50),
            new V2Flavor("modelarts.p3.large.public", "GPU: 1*NVIDIA-V100(32GB) | CPU: 8 vCPUs 64GB", "GPU", MaxNum: 8, CoreNum: 8, MemoryGb: 64, DiskGb: 200,
                GpuNum: 1, GpuProduct: "NVIDIA-V100", GpuMemory: "32GB"),
            new V2Flavor("modelarts.p3.large.public.free", "GPU: 1*NVIDIA-V100(32GB) | CPU: 8 vCPUs 64GB (free)", "GPU", MaxNum: 1, CoreNum: 8, MemoryGb: 64,
                DiskGb: 200, GpuNum: 1, GpuProduct: "NVIDIA-V100", GpuMemory: "32GB", Free: true),
        };

        public static readonly IReadOnlyList<V2Engine> Engines = new[]
        {
            new V2Engine("pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64", "PyTorch", "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64", false, "1102",
                "atelier/pytorch_1_8:pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64", "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e"),
            new V2Engine("pytorch_1.8.2-cuda_11.1-py_3.7-ubuntu_18.04-x86_64", "PyTorch", "pytorch_1.8.2-cuda_11.1-py_3.7-ubuntu_18.04-x86_64", false, "1102",
                "atelier/pytorch_1_8:pytorch_1.8.2-cuda_11.1-py_3.7-ubuntu_18.04-x86_64", "pytorch_1.8.2-cuda_11.1-py_3.7-ubuntu_18.04-x86_64-20221118143845-d65d817"),
            new V2Engine("tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64", "TensorFlow", "tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64", false, "1102",
                "atelier/tensorflow_2_1:tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64", "tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64-20221121111529-d65d817"),
            new V2Engine("mindspore_1.7.0-cpu-py_3.7-ubuntu_18.04-x86_64", "MindSpore", "mindspore_1.7.0-cpu-py_3.7-ubuntu_18.04-x86_64", false, "1102",
                "atelier/mindspore_1_7_0:mindspore_1.7.0-cpu-py_3.7-ubuntu_18.04-x86_64", "mindspore_1.7.0-cpu-py_3.7-ubuntu_18.04-x86_64-20220702120711-9a2f4ad"),
            new V2Engine("PyTorch-1.4.0-python3.6", "PyTorch", "PyTorch-1.4.0-python3.6", true, "1101",
                "aip/pytorch_1_4:train", "PyTorch-1.4.0-python3.6-v1-compatible"),
        };
    }
}
