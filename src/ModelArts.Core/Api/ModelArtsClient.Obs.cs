using System;
using System.Linq;
using ModelArts.Core.Auth;
using ModelArts.Core.Endpoints;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Obs;

namespace ModelArts.Core
{
    public sealed partial class ModelArtsClient
    {
        private ObsClient? _obs;

        /// <summary>Where OBS requests go; null when neither an OBS endpoint nor a catalog region was given.</summary>
        public Uri? ObsEndpoint => _obs?.Endpoint;

        /// <summary>OBS with this session's credentials, over the same sender and retry policy.</summary>
        public ObsClient Obs => _obs ?? throw new ModelArtsValidationException(
            ValidationErrorIds.MissingObsEndpoint, "This session has no OBS endpoint: connect with -ObsEndpoint, or with a region to find it in the catalog.", "ObsEndpoint");

        /// <summary>
        /// The given OBS endpoint; else the ModelArts endpoint when that is loopback (the local service serves OBS on
        /// its own address); else the region's from the catalog; else none.
        /// </summary>
        internal static Uri? ResolveObsEndpoint(ModelArtsClientOptions options)
        {
            if (options.ObsEndpoint != null)
            {
                EndpointPolicy.Validate(options.ObsEndpoint, options.AllowInsecureHttp);
                return options.ObsEndpoint;
            }

            if (EndpointPolicy.IsLoopback(options.Endpoint))
            {
                return options.Endpoint;
            }

            var region = options.ProjectName?.Split('_')[0];
            return region != null && RegionCatalog.Regions.Contains(region) ? RegionCatalog.ObsEndpoint(region) : null;
        }

        private ObsClient? CreateObs(ModelArtsClientOptions options, RetryPolicy retry)
        {
            var endpoint = ResolveObsEndpoint(options);
            if (endpoint == null)
            {
                return null;
            }

            var addressing = new ObsAddressing(endpoint);
            ObsAuthenticator authenticator;
            if (Credentials is AccessKeyCredentials keys)
            {
                authenticator = new ObsAuthenticator(_ => System.Threading.Tasks.Task.FromResult(keys), null, addressing, _clock);
            }
            else
            {
                var temporary = new ObsTemporaryKeys(_pipeline, _iamEndpoint!, _clock);
                authenticator = new ObsAuthenticator(temporary.GetAsync, temporary.Invalidate, addressing, _clock);
            }

            return new ObsClient(new HttpPipeline(_sender, retry, _clock, authenticator), addressing);
        }
    }
}
