using System.Collections.Generic;
using ModelArts.Core.Models;

namespace ModelArts.Core
{
    /// <summary>
    /// The Python SDK's <c>Estimator(...)</c> + <c>fit(...)</c> arguments, by their names.
    /// <see cref="ModelArtsClient.ResolveAsync"/> checks them and turns them into a create body of the session's API.
    /// </summary>
    public sealed class EstimatorSpec
    {
        /// <summary>job_name; null → a generated name.</summary>
        public string? Name { get; set; }

        public string? Description { get; set; }

        public string? FrameworkType { get; set; }

        public string? FrameworkVersion { get; set; }

        public string? CodeDir { get; set; }

        /// <summary>An OBS path under <see cref="CodeDir"/>, or a bare file name relative to it.</summary>
        public string? BootFile { get; set; }

        public string? OutputPath { get; set; }

        public string? LogUrl { get; set; }

        public IList<Hyperparameter> Hyperparameters { get; set; } = new List<Hyperparameter>();

        /// <summary>Flavor code, e.g. modelarts.vm.cpu.2u.</summary>
        public string? TrainInstanceType { get; set; }

        public int TrainInstanceCount { get; set; } = 1;

        /// <summary>OBS data directory (<c>data_url</c>).</summary>
        public string? Inputs { get; set; }

        public string? DatasetId { get; set; }

        public string? DatasetVersionId { get; set; }

        public string? UserImageUrl { get; set; }

        public string? UserCommand { get; set; }

        /// <summary>v2 only: <c>algorithm.environments</c>.</summary>
        public IDictionary<string, string>? Environment { get; set; }

        /// <summary>v2 only: <c>spec.resource.pool_id</c>, a dedicated pool.</summary>
        public string? PoolId { get; set; }

        /// <summary>v2 only: <c>metadata.workspace_id</c>.</summary>
        public string? WorkspaceId { get; set; }
    }
}
