using System.Collections.Generic;
using ModelArts.Core.Http;

namespace ModelArts.Core.Training
{
    /// <summary>
    /// v2 wire records, the official SDK's models field for field (snake_case by the one serializer's naming policy;
    /// absent values are left out, so a body holds nothing the models do not allow). Only the members the module
    /// sends or reads are declared; unknown answer fields are ignored.
    /// </summary>
    internal sealed partial class V2TrainingJobs
    {
        private sealed class WireJob
        {
            public string Kind { get; set; } = "job";

            public WireMetadata? Metadata { get; set; }

            public WireStatus? Status { get; set; }

            public WireAlgorithm? Algorithm { get; set; }

            public WireSpec? Spec { get; set; }
        }

        private sealed class WireMetadata
        {
            public string? Id { get; set; }

            public string? Name { get; set; }

            public string? WorkspaceId { get; set; }

            public string? Description { get; set; }

            public long? CreateTime { get; set; }
        }

        private sealed class WireStatus
        {
            public string? Phase { get; set; }

            public long? Duration { get; set; }

            public long? StartTime { get; set; }

            public List<string>? Tasks { get; set; }

            public List<WireTaskStatus>? TaskStatuses { get; set; }
        }

        private sealed class WireTaskStatus
        {
            public string? Task { get; set; }

            public int? ExitCode { get; set; }

            public string? Message { get; set; }
        }

        private sealed class WireAlgorithm
        {
            public string? CodeDir { get; set; }

            public string? BootFile { get; set; }

            public string? Command { get; set; }

            public List<WireParameter>? Parameters { get; set; }

            public List<WireData>? Inputs { get; set; }

            public List<WireData>? Outputs { get; set; }

            public WireEngineRef? Engine { get; set; }

            /// <summary>
            /// Sent as a map; the answer holds a list of one-pair maps (the SDK's response model), so it is typed loosely
            /// and never read back.
            /// </summary>
            public object? Environments { get; set; }
        }

        private sealed class WireParameter
        {
            public string Name { get; set; } = string.Empty;

            public string? Value { get; set; }
        }

        private sealed class WireData
        {
            public string Name { get; set; } = string.Empty;

            public WireRemote? Remote { get; set; }
        }

        private sealed class WireRemote
        {
            public WireObs? Obs { get; set; }

            public WireDataset? Dataset { get; set; }
        }

        private sealed class WireObs
        {
            public string? ObsUrl { get; set; }
        }

        private sealed class WireDataset
        {
            public string? Id { get; set; }

            public string? VersionId { get; set; }
        }

        private sealed class WireEngineRef
        {
            public string? EngineName { get; set; }

            public string? EngineVersion { get; set; }

            public string? ImageUrl { get; set; }
        }

        private sealed class WireSpec
        {
            public WireResource? Resource { get; set; }

            public WireObs? LogExportPath { get; set; }
        }

        private sealed class WireResource
        {
            public string? FlavorId { get; set; }

            public int NodeCount { get; set; } = 1;

            public string? PoolId { get; set; }
        }

        private sealed class WireSearch
        {
            public long Offset { get; set; }

            public int Limit { get; set; }

            public string? SortBy { get; set; }

            public string? Order { get; set; }

            public List<WireFilter>? Filters { get; set; }
        }

        private sealed class WireFilter
        {
            public string Key { get; set; } = string.Empty;

            public string Operator { get; set; } = string.Empty;

            public List<string> Value { get; set; } = new List<string>();
        }

        private sealed class WireSearchResult
        {
            public long? Total { get; set; }

            public List<WireJob>? Items { get; set; }
        }

        private sealed class WireAction
        {
            public string ActionType { get; set; } = string.Empty;
        }

        private sealed class WireDescription
        {
            public string Description { get; set; } = string.Empty;
        }

        /// <summary>
        /// The flavor catalog, read member by member (<see cref="JsonWalker"/>) rather than by the serializer, because
        /// Get-MaFlavor reads it on every call.
        /// </summary>
        private sealed class WireFlavorList
        {
            public List<WireFlavor> Flavors { get; } = new List<WireFlavor>();

            public static WireFlavorList Read(byte[] body)
            {
                var json = new JsonWalker(body);
                json.EnterAnswer();
                var list = new WireFlavorList();
                while (json.NextMember())
                {
                    if (json.Is("flavors"u8))
                    {
                        json.ReadObjects(list.Flavors, WireFlavor.Read);
                    }
                    else
                    {
                        json.Skip();
                    }
                }

                return list;
            }
        }

        /// <summary>A catalog row, with what the module reads of <c>flavor_info</c> (cpu, memory, gpu, npu) kept flat.</summary>
        private sealed class WireFlavor
        {
            public string? FlavorId { get; private set; }

            public int? MaxNum { get; private set; }

            public string? FlavorType { get; private set; }

            public string? Arch { get; private set; }

            public int? CoreNum { get; private set; }

            public int? MemorySize { get; private set; }

            public WireAccelerator? Gpu { get; private set; }

            public WireAccelerator? Npu { get; private set; }

            /// <summary>Reads the members of the flavor object just entered.</summary>
            public static WireFlavor Read(ref JsonWalker json)
            {
                var flavor = new WireFlavor();
                while (json.NextMember())
                {
                    if (json.Is("flavor_id"u8))
                    {
                        flavor.FlavorId = json.String();
                    }
                    else if (json.Is("max_num"u8))
                    {
                        flavor.MaxNum = json.Int32();
                    }
                    else if (json.Is("flavor_type"u8))
                    {
                        flavor.FlavorType = json.String();
                    }
                    else if (json.Is("flavor_info"u8))
                    {
                        flavor.ReadInfo(ref json);
                    }
                    else
                    {
                        json.Skip();
                    }
                }

                return flavor;
            }

            /// <summary><c>flavor_info</c>: <c>cpu</c> {arch, core_num}, <c>memory</c> {size}, <c>gpu</c> or <c>npu</c>.</summary>
            private void ReadInfo(ref JsonWalker json)
            {
                if (!json.EnterObject())
                {
                    return;
                }

                while (json.NextMember())
                {
                    if (json.Is("cpu"u8))
                    {
                        ReadCpu(ref json);
                    }
                    else if (json.Is("memory"u8))
                    {
                        ReadMemory(ref json);
                    }
                    else if (json.Is("gpu"u8))
                    {
                        Gpu = WireAccelerator.Read(ref json);
                    }
                    else if (json.Is("npu"u8))
                    {
                        Npu = WireAccelerator.Read(ref json);
                    }
                    else
                    {
                        json.Skip();
                    }
                }
            }

            private void ReadCpu(ref JsonWalker json)
            {
                if (!json.EnterObject())
                {
                    return;
                }

                while (json.NextMember())
                {
                    if (json.Is("arch"u8))
                    {
                        Arch = json.String();
                    }
                    else if (json.Is("core_num"u8))
                    {
                        CoreNum = json.Int32();
                    }
                    else
                    {
                        json.Skip();
                    }
                }
            }

            private void ReadMemory(ref JsonWalker json)
            {
                if (!json.EnterObject())
                {
                    return;
                }

                while (json.NextMember())
                {
                    if (json.Is("size"u8))
                    {
                        MemorySize = json.Int32();
                    }
                    else
                    {
                        json.Skip();
                    }
                }
            }
        }

        /// <summary>A flavor's <c>gpu</c> or <c>npu</c>.</summary>
        private sealed class WireAccelerator
        {
            public int? UnitNum { get; private set; }

            public string? ProductName { get; private set; }

            /// <summary>The member's value: null for JSON null.</summary>
            public static WireAccelerator? Read(ref JsonWalker json)
            {
                if (!json.EnterObject())
                {
                    return null;
                }

                var accelerator = new WireAccelerator();
                while (json.NextMember())
                {
                    if (json.Is("unit_num"u8))
                    {
                        accelerator.UnitNum = json.Int32();
                    }
                    else if (json.Is("product_name"u8))
                    {
                        accelerator.ProductName = json.String();
                    }
                    else
                    {
                        json.Skip();
                    }
                }

                return accelerator;
            }
        }

        private sealed class WireEngineList
        {
            public List<WireEngine>? Items { get; set; }
        }

        private sealed class WireEngine
        {
            public string? EngineName { get; set; }

            public string? EngineVersion { get; set; }

            public bool? V1Compatible { get; set; }

            public WireImageInfo? ImageInfo { get; set; }
        }

        private sealed class WireImageInfo
        {
            public string? CpuImageUrl { get; set; }
        }
        private sealed class WireEventList
        {
            public long? Total { get; set; }

            public List<WireEvent>? Events { get; set; }
        }

        private sealed class WireEvent
        {
            public string? Message { get; set; }

            public string? Level { get; set; }

            public string? Time { get; set; }

            public string? Source { get; set; }
        }

        private sealed class WireMetricList
        {
            public List<WireMetric>? Metrics { get; set; }
        }

        private sealed class WireMetric
        {
            public string? Metric { get; set; }

            public List<double>? Value { get; set; }
        }

        private sealed class WireLogPage
        {
            public string? StartLine { get; set; }

            public string? EndLine { get; set; }

            public int Lines { get; set; }

            public string? Content { get; set; }
        }

        private sealed class WireLogUrl
        {
            public string? ObsUrl { get; set; }
        }
    }
}
