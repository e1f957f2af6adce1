using System.Collections.Generic;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

// The v1 JSON as it comes: snake_case by the shared naming policy, numbers tolerant by the shared
// converters, unknown fields ignored. Mapping.cs turns these into the public models.
namespace ModelArts.Core.Api
{
    internal class WireEnvelope
    {
        public bool? IsSuccess { get; set; }
    }

    /// <summary>
    /// The flavor catalog, read member by member (<see cref="JsonWalker"/>) rather than by the serializer, because
    /// Get-MaFlavor reads it on every call.
    /// </summary>
    internal sealed class WireSpecList : WireEnvelope
    {
        public List<WireSpec> Specs { get; } = new List<WireSpec>();

        public static WireSpecList Read(byte[] body)
        {
            var json = new JsonWalker(body);
            json.EnterAnswer();
            var list = new WireSpecList();
            while (json.NextMember())
            {
                if (json.Is("is_success"u8))
                {
                    list.IsSuccess = json.Boolean();
                }
                else if (json.Is("specs"u8))
                {
                    json.ReadObjects(list.Specs, WireSpec.Read);
                }
                else
                {
                    json.Skip();
                }
            }

            return list;
        }
    }

    internal sealed class WireSpec
    {
        public long SpecId { get; set; }

        public string? SpecCode { get; set; }

        public int? Core { get; set; }

        /// <summary>Memory in GB, despite the name.</summary>
        public int? Cpu { get; set; }

        public int? GpuNum { get; set; }

        public string? GpuType { get; set; }

        public int? MaxNum { get; set; }

        public bool NoResource { get; set; }

        /// <summary>Reads the members of the spec object just entered.</summary>
        public static WireSpec Read(ref JsonWalker json)
        {
            var spec = new WireSpec();
            while (json.NextMember())
            {
                if (json.Is("spec_id"u8))
                {
                    spec.SpecId = json.Int64() ?? 0;
                }
                else if (json.Is("spec_code"u8))
                {
                    spec.SpecCode = json.String();
                }
                else if (json.Is("core"u8))
                {
                    spec.Core = json.Int32();
                }
                else if (json.Is("cpu"u8))
                {
                    spec.Cpu = json.Int32();
                }
                else if (json.Is("gpu_num"u8))
                {
                    spec.GpuNum = json.Int32();
                }
                else if (json.Is("gpu_type"u8))
                {
                    spec.GpuType = json.String();
                }
                else if (json.Is("max_num"u8))
                {
                    spec.MaxNum = json.Int32();
                }
                else if (json.Is("no_resource"u8))
                {
                    spec.NoResource = json.Boolean() ?? false;
                }
                else
                {
                    json.Skip();
                }
            }

            return spec;
        }
    }

    internal sealed class WireEngineList : WireEnvelope
    {
        public List<WireEngine>? Engines { get; set; }
    }

    internal sealed class WireEngine
    {
        public long EngineId { get; set; }

        public int EngineType { get; set; }

        public string? EngineName { get; set; }

        public string? EngineVersion { get; set; }
    }

    internal sealed class WireJobList : WireEnvelope
    {
        public int? JobTotalCount { get; set; }

        public List<WireJobRow>? Jobs { get; set; }
    }

    internal sealed class WireJobRow
    {
        public long JobId { get; set; }

        public string? JobName { get; set; }

        public long VersionId { get; set; }

        public int Status { get; set; }

        public long CreateTime { get; set; }

        public long Duration { get; set; }

        public string? JobDesc { get; set; }

        public int VersionCount { get; set; }
    }

    /// <summary>Version detail, also the element of the version list.</summary>
    internal sealed class WireVersion : WireEnvelope
    {
        public long JobId { get; set; }

        public string? JobName { get; set; }

        public string? JobDesc { get; set; }

        public long VersionId { get; set; }

        public string? VersionName { get; set; }

        public long? PreVersionId { get; set; }

        public long? EngineId { get; set; }

        public string? EngineName { get; set; }

        public string? EngineVersion { get; set; }

        public int Status { get; set; }

        public string? AppUrl { get; set; }

        public string? BootFileUrl { get; set; }

        public long CreateTime { get; set; }

        public long? StartTime { get; set; }

        public long Duration { get; set; }

        public List<Hyperparameter>? Parameter { get; set; }

        public long? SpecId { get; set; }

        public string? SpecCode { get; set; }

        public string? FlavorCode { get; set; }

        public int? WorkerServerNum { get; set; }

        public string? DataUrl { get; set; }

        public string? TrainUrl { get; set; }

        public string? LogUrl { get; set; }

        public string? DatasetId { get; set; }

        public string? DatasetVersionId { get; set; }

        public string? UserImageUrl { get; set; }

        public string? UserCommand { get; set; }

        public string? ResourceId { get; set; }
    }

    internal sealed class WireVersionList : WireEnvelope
    {
        public long JobId { get; set; }

        public string? JobName { get; set; }

        public string? JobDesc { get; set; }

        public List<WireVersion>? Versions { get; set; }
    }

    internal sealed class WireCreated : WireEnvelope
    {
        public long JobId { get; set; }

        public string? JobName { get; set; }

        public long VersionId { get; set; }

        public string? VersionName { get; set; }

        public int Status { get; set; }

        public long CreateTime { get; set; }

        public string? ResourceId { get; set; }
    }

    internal sealed class WireLogFiles : WireEnvelope
    {
        public List<string>? LogFileList { get; set; }
    }

    internal sealed class WireLogChunk : WireEnvelope
    {
        public string? StartLine { get; set; }

        public string? EndLine { get; set; }

        public int Lines { get; set; }

        public string? Content { get; set; }
    }

    internal sealed class WireProjectList
    {
        public List<WireProjectRow>? Projects { get; set; }
    }

    internal sealed class WireProjectRow
    {
        public string? Id { get; set; }

        public string? Name { get; set; }
    }
}
