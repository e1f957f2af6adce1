using System.Collections.Generic;
using System.Text.Json.Serialization;
using ModelArts.Core.Http;

namespace ModelArts.Core.Models
{
    /// <summary>The v1 create body (<c>POST /v1/{project_id}/training-jobs</c>), exactly as sent.</summary>
    public sealed class CreateTrainingJobRequest
    {
        [JsonPropertyName("job_name")]
        public string JobName { get; set; } = string.Empty;

        [JsonPropertyName("job_desc")]
        public string? JobDescription { get; set; }

        [JsonPropertyName("config")]
        public TrainingJobConfig Config { get; set; } = new TrainingJobConfig();

        public string ToJson() => ModelArtsJson.Serialize(this);
    }

    /// <summary>The v1 create-version body (<c>POST .../training-jobs/{job_id}/versions</c>).</summary>
    public sealed class CreateTrainingJobVersionRequest
    {
        [JsonPropertyName("job_desc")]
        public string? JobDescription { get; set; }

        /// <summary>Must carry <see cref="TrainingJobConfig.PreVersionId"/>.</summary>
        [JsonPropertyName("config")]
        public TrainingJobConfig Config { get; set; } = new TrainingJobConfig();

        public string ToJson() => ModelArtsJson.Serialize(this);
    }

    /// <summary>The v1 <c>config</c> object. Null members are left out of the JSON.</summary>
    public sealed class TrainingJobConfig
    {
        [JsonPropertyName("worker_server_num")]
        public int WorkerServerNum { get; set; } = 1;

        [JsonPropertyName("app_url")]
        public string? AppUrl { get; set; }

        [JsonPropertyName("boot_file_url")]
        public string? BootFileUrl { get; set; }

        [JsonPropertyName("parameter")]
        public IList<Hyperparameter> Parameter { get; set; } = new List<Hyperparameter>();

        [JsonPropertyName("data_url")]
        public string? DataUrl { get; set; }

        [JsonPropertyName("dataset_id")]
        public string? DatasetId { get; set; }

        [JsonPropertyName("dataset_version_id")]
        public string? DatasetVersionId { get; set; }

        [JsonPropertyName("spec_id")]
        public long? SpecId { get; set; }

        [JsonPropertyName("flavor")]
        public FlavorReference? Flavor { get; set; }

        [JsonPropertyName("engine_id")]
        public long? EngineId { get; set; }

        [JsonPropertyName("train_url")]
        public string? TrainUrl { get; set; }

        [JsonPropertyName("log_url")]
        public string? LogUrl { get; set; }

        [JsonPropertyName("user_image_url")]
        public string? UserImageUrl { get; set; }

        [JsonPropertyName("user_command")]
        public string? UserCommand { get; set; }

        /// <summary>Only for a new version: the version it derives from.</summary>
        [JsonPropertyName("pre_version_id")]
        public long? PreVersionId { get; set; }
    }

    /// <summary><c>"flavor": {"code": "modelarts.vm.cpu.8u"}</c>, sent beside <c>spec_id</c>.</summary>
    public sealed class FlavorReference
    {
        public FlavorReference(string code)
        {
            Code = code;
        }

        [JsonPropertyName("code")]
        public string Code { get; }
    }
}
