using System;
using System.Linq;
using ModelArts.Core.Endpoints;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Auth
{
    /// <summary>
    /// Merges the settings a caller gave with what <see cref="CredentialChain"/> found (environment or profile)
    /// and with the region catalog: given values win, then the found ones, then the catalog.
    /// </summary>
    public static class ConnectionSettings
    {
        public static ResolvedSettings Merge(
            ResolvedSettings found, string? region, CloudKind? cloud, string? projectId, string? projectName, Uri? endpoint, Uri? iamEndpoint)
        {
            var effectiveRegion = region ?? found.Region;
            var known = effectiveRegion != null && RegionCatalog.Regions.Contains(effectiveRegion.Trim().ToLowerInvariant());
            var catalog = known ? RegionCatalog.Resolve(effectiveRegion!, cloud ?? found.Cloud) : null;

            var modelArts = endpoint ?? found.Endpoint ?? catalog?.ModelArts;
            if (modelArts == null)
            {
                throw catalog == null
                    ? new ModelArtsValidationException(
                        ValidationErrorIds.MissingEndpoint,
                        "Give a region of the catalog (" + string.Join(", ", RegionCatalog.Regions) + ") or the ModelArts endpoint.",
                        "Region",
                        effectiveRegion)
                    : new ModelArtsValidationException(
                        ValidationErrorIds.NoModelArtsInRegion, "The catalog lists no ModelArts endpoint in " + catalog + "; give the ModelArts endpoint.", "Region", effectiveRegion);
            }

            return new ResolvedSettings
            {
                Credentials = found.Credentials ?? throw new ModelArtsValidationException(ValidationErrorIds.MissingCredentials, "No credentials were found.", "Credentials"),
                Region = effectiveRegion,
                Cloud = cloud ?? found.Cloud ?? catalog?.Cloud,
                ProjectId = projectId ?? found.ProjectId,
                // An OTC or Huawei project is named after its region; IAM scopes tokens and finds project ids by it.
                ProjectName = projectName ?? found.ProjectName ?? effectiveRegion,
                Endpoint = modelArts,
                // Outside the catalog (a private or local service) IAM is taken to answer at the ModelArts address.
                IamEndpoint = iamEndpoint ?? found.IamEndpoint ?? catalog?.Iam ?? modelArts,
                Source = found.Source,
            };
        }

        public static ModelArtsClientOptions ToClientOptions(ResolvedSettings settings) =>
            new ModelArtsClientOptions(settings.Endpoint!, settings.Credentials!)
            {
                IamEndpoint = settings.IamEndpoint,
                ProjectId = settings.ProjectId,
                ProjectName = settings.ProjectName,
            };
    }
}
