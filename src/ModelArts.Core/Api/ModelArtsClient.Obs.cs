using System;
using ModelArts.Core.Auth;
using ModelArts.Core.Endpoints;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Obs;

namespace ModelArts.Core
{
    public sealed partial class ModelArtsClient
    {
        /// <summary>OBS with this session's credentials, over the same sender and retry policy.</summary>
        public ObsClient Obs { get; }

        /// <summary>
        /// The given OBS endpoint; else the ModelArts endpoint when that is loopback (the local service serves OBS on
        /// its own address); else the region's from the catalog.
        /// </summary>
        internal static Uri ResolveObsEndpoint(ModelArtsClientOptions options)
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

            if (options.ProjectName == null)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.MissingObsEndpoint, "Give the OBS endpoint (-ObsEndpoint), or a region to find it.", "ObsEndpoint");
            }

            return RegionCatalog.ObsEndpoint(options.ProjectName.Split('_')[0]);
        }

        private ObsClient CreateObs(ModelArtsClientOptions options, RetryPolicy retry)
        {
            var addressing = new ObsAddressing(ResolveObsEndpoint(options));
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
