using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Http;
using ModelArts.Core.Models;

namespace ModelArts.Core
{
    /// <summary>Flavors, engines, and turning Estimator names into a create body.</summary>
    public sealed partial class ModelArtsClient
    {
        private static readonly TimeSpan CatalogLifetime = TimeSpan.FromSeconds(60);

        private readonly Cached<IReadOnlyList<Flavor>> _flavors;
        private readonly Cached<IReadOnlyList<Engine>> _engines;

        /// <summary>Training flavors of the session's API (v1 resource-specs, v2 training-job-flavors), cached for a minute: for completion and resolving names.</summary>
        public Task<IReadOnlyList<Flavor>> GetFlavorsAsync(CancellationToken cancellationToken = default) =>
            GetFlavorsAsync(fresh: false, cancellationToken);

        /// <summary>Training flavors; <paramref name="fresh"/> reads them from the service now (sold-out flags change) and renews the cache.</summary>
        public Task<IReadOnlyList<Flavor>> GetFlavorsAsync(bool fresh, CancellationToken cancellationToken = default) =>
            fresh ? _flavors.RefreshAsync(LoadFlavorsAsync, cancellationToken) : _flavors.GetAsync(LoadFlavorsAsync, cancellationToken);

        /// <summary>Training engines of the session's API (v1 ai-engines, v2 training-job-engines), cached for a minute: for completion and resolving names.</summary>
        public Task<IReadOnlyList<Engine>> GetEnginesAsync(CancellationToken cancellationToken = default) =>
            GetEnginesAsync(fresh: false, cancellationToken);

        /// <summary>Training engines; <paramref name="fresh"/> reads them from the service now and renews the cache.</summary>
        public Task<IReadOnlyList<Engine>> GetEnginesAsync(bool fresh, CancellationToken cancellationToken = default) =>
            fresh ? _engines.RefreshAsync(LoadEnginesAsync, cancellationToken) : _engines.GetAsync(LoadEnginesAsync, cancellationToken);

        /// <summary>Checks an Estimator spec and builds the v1 create body; throws <see cref="Errors.ModelArtsValidationException"/>.</summary>
        public async Task<CreateTrainingJobRequest> ResolveAsync(EstimatorSpec spec, CancellationToken cancellationToken = default)
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            var prepared = EstimatorResolver.Prepare(spec);
            var flavorList = GetFlavorsAsync(cancellationToken);
            var engineList = GetEnginesAsync(cancellationToken);
            var request = EstimatorResolver.Complete(prepared, spec, await flavorList.ConfigureAwait(false), await engineList.ConfigureAwait(false));
            Diagnostics.Verbose("Resolved job '" + request.JobName + "': spec_id " + request.Config.SpecId + ", engine_id " + request.Config.EngineId + ".");
            return request;
        }

        /// <summary>
        /// Checks a new version of <paramref name="previous"/> with <paramref name="changes"/> and builds its v1 body: the
        /// previous version's code, framework, flavor and data source, with what the caller changed.
        /// </summary>
        public async Task<CreateTrainingJobVersionRequest> ResolveVersionAsync(
            TrainingJob previous, TrainingJobVersionChanges changes, CancellationToken cancellationToken = default)
        {
            if (previous == null)
            {
                throw new ArgumentNullException(nameof(previous));
            }

            if (changes == null)
            {
                throw new ArgumentNullException(nameof(changes));
            }

            var resolved = await ResolveAsync(EstimatorResolver.Derive(previous, changes), cancellationToken).ConfigureAwait(false);
            resolved.Config.PreVersionId = previous.VersionId;
            return new CreateTrainingJobVersionRequest { JobDescription = resolved.JobDescription, Config = resolved.Config };
        }

        private async Task<(IReadOnlyList<Flavor>, DateTimeOffset)> LoadFlavorsAsync(CancellationToken cancellationToken) =>
            (await _api.LoadFlavorsAsync(cancellationToken).ConfigureAwait(false), _clock() + CatalogLifetime);

        private async Task<(IReadOnlyList<Engine>, DateTimeOffset)> LoadEnginesAsync(CancellationToken cancellationToken) =>
            (await _api.LoadEnginesAsync(cancellationToken).ConfigureAwait(false), _clock() + CatalogLifetime);

        internal async Task<IReadOnlyList<Flavor>> LoadV1FlavorsAsync(CancellationToken cancellationToken)
        {
            var uri = await V1Async("job/resource-specs", cancellationToken, Url.Query("job_type", "train")).ConfigureAwait(false);
            var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            return CheckV1(response, response.Parse(() => WireSpecList.Read(response.Body))).Specs.Select(Mapping.ToFlavor).ToList();
        }

        internal async Task<IReadOnlyList<Engine>> LoadV1EnginesAsync(CancellationToken cancellationToken)
        {
            var uri = await V1Async("job/ai-engines", cancellationToken, Url.Query("job_type", "train")).ConfigureAwait(false);
            var list = await SendV1Async<WireEngineList>(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            return (list.Engines ?? new List<WireEngine>()).Select(Mapping.ToEngine).ToList();
        }
    }
}
