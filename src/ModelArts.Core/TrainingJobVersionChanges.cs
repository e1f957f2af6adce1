using System.Collections.Generic;
using ModelArts.Core.Models;

namespace ModelArts.Core
{
    /// <summary>
    /// What a new version changes against the one it derives from (the SDK's <c>create_job_version</c>); every
    /// member left null keeps the previous version's value. Give <see cref="Inputs"/> or the dataset pair, not both.
    /// </summary>
    public sealed class TrainingJobVersionChanges
    {
        public string? Description { get; set; }

        /// <summary>New OBS data (<c>data_url</c>) instead of the previous data source.</summary>
        public string? Inputs { get; set; }

        /// <summary>A dataset instead of the previous data source, with <see cref="DatasetVersionId"/>.</summary>
        public string? DatasetId { get; set; }

        public string? DatasetVersionId { get; set; }

        /// <summary>Replaces all hyperparameters of the previous version.</summary>
        public IList<Hyperparameter>? Hyperparameters { get; set; }

        public string? OutputPath { get; set; }

        public string? LogUrl { get; set; }

        public string? TrainInstanceType { get; set; }

        public int? TrainInstanceCount { get; set; }
    }
}
