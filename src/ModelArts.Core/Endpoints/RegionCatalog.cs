using System;
using System.Collections.Generic;
using System.Linq;
using ModelArts.Core.Errors;

namespace ModelArts.Core.Endpoints
{
    public enum CloudKind
    {
        HuaweiCloud,
        OpenTelekomCloud,
    }

    /// <summary>The service addresses of one region.</summary>
    public sealed class ServiceEndpoints
    {
        public ServiceEndpoints(string region, CloudKind cloud, Uri? modelArts, Uri iam)
        {
            Region = region;
            Cloud = cloud;
            ModelArts = modelArts;
            Iam = iam;
        }

        public string Region { get; }

        public CloudKind Cloud { get; }

        /// <summary>Null where the cloud offers no ModelArts in the region (OTC eu-nl): the user must give an endpoint.</summary>
        public Uri? ModelArts { get; }

        public Uri Iam { get; }

        public override string ToString() => Region + " (" + Cloud + ")";
    }

    /// <summary>Public endpoints from the Huawei SDK region table and the OTC endpoint catalog.</summary>
    public static class RegionCatalog
    {
        private static readonly string[] HuaweiRegions =
        {
            "af-north-1", "af-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "cn-east-3", "cn-east-4", "cn-north-1", "cn-north-11", "cn-north-12", "cn-north-2", "cn-north-4", "cn-north-9",
            "cn-south-1", "cn-southwest-2", "cn-southwest-3", "la-north-2", "la-south-2", "me-east-1", "sa-brazil-1", "tr-west-1",
        };

        private static readonly string[] OtcRegions = { "eu-de", "eu-nl" };

        // OTC's catalog lists ModelArts only in eu-de.
        private static readonly string[] OtcModelArtsRegions = { "eu-de" };

        private static readonly Uri HuaweiGlobalIam = new Uri("https://iam.myhuaweicloud.com");

        /// <summary>Every region the catalog knows, sorted.</summary>
        public static IReadOnlyList<string> Regions { get; } =
            HuaweiRegions.Concat(OtcRegions).OrderBy(r => r, StringComparer.Ordinal).ToArray();

        public static CloudKind InferCloud(string region) =>
            OtcRegions.Contains(Normalize(region)) ? CloudKind.OpenTelekomCloud : CloudKind.HuaweiCloud;

        /// <summary>The endpoints of <paramref name="region"/>; the cloud is inferred when not given.</summary>
        public static ServiceEndpoints Resolve(string region, CloudKind? cloud = null)
        {
            var name = Normalize(region);
            var kind = cloud ?? InferCloud(name);
            if (kind == CloudKind.OpenTelekomCloud)
            {
                if (!OtcRegions.Contains(name))
                {
                    throw Unknown(name, kind, OtcRegions);
                }

                var modelArts = OtcModelArtsRegions.Contains(name)
                    ? new Uri("https://modelarts." + name + ".otc.t-systems.com")
                    : null;
                return new ServiceEndpoints(name, kind, modelArts, new Uri("https://iam." + name + ".otc.t-systems.com"));
            }

            if (!HuaweiRegions.Contains(name))
            {
                throw Unknown(name, kind, HuaweiRegions);
            }
            // ap-southeast-1 (Hong Kong) is served from the .cn domain, per the Huawei SDK region table.
            var domain = name == "ap-southeast-1" ? "myhuaweicloud.cn" : "myhuaweicloud.com";
            return new ServiceEndpoints(name, kind, new Uri("https://modelarts." + name + "." + domain), HuaweiGlobalIam);
        }

        /// <summary>The OBS endpoint of <paramref name="region"/>, from the same catalog (Huawei Cloud's eu-west-101 is on .eu).</summary>
        public static Uri ObsEndpoint(string region, CloudKind? cloud = null)
        {
            var endpoints = Resolve(region, cloud);
            if (endpoints.Cloud == CloudKind.OpenTelekomCloud)
            {
                return new Uri("https://obs." + endpoints.Region + ".otc.t-systems.com");
            }

            var domain = endpoints.ModelArts!.Host.Substring(endpoints.ModelArts.Host.IndexOf('.', "modelarts.".Length) + 1);
            return new Uri("https://obs." + endpoints.Region + "." + domain);
        }

        private static string Normalize(string region) =>
            (region ?? throw new ArgumentNullException(nameof(region))).Trim().ToLowerInvariant();

        private static ModelArtsValidationException Unknown(string region, CloudKind cloud, IEnumerable<string> known) =>
            new ModelArtsValidationException(
                ValidationErrorIds.UnknownRegion,
                "Region '" + region + "' is not in the " + cloud + " catalog. Known regions: " + string.Join(", ", known)
                + ". Give the ModelArts and IAM endpoints for other regions.",
                "Region",
                region);
    }

    /// <summary>Which addresses the client may talk to.</summary>
    public static class EndpointPolicy
    {
        /// <summary>
        /// Requires an absolute http(s) address, and https unless the host is loopback or the user opted in:
        /// plain http would carry tokens and signed requests in clear.
        /// </summary>
        public static void Validate(Uri endpoint, bool allowInsecure)
        {
            if (endpoint == null || !endpoint.IsAbsoluteUri
                || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                throw new ModelArtsValidationException(
                    ValidationErrorIds.InvalidEndpoint, "'" + endpoint + "' is not an absolute http or https address.", "Endpoint", endpoint);
            }

            if (endpoint.Scheme == Uri.UriSchemeHttp && !allowInsecure && !IsLoopback(endpoint))
            {
                throw new ModelArtsValidationException(
                    ValidationErrorIds.InsecureEndpoint,
                    "'" + endpoint + "' uses plain http to a host that is not loopback. Use https, or allow insecure http explicitly (Connect-MaSession -AllowInsecureHttp).",
                    "Endpoint",
                    endpoint);
            }
        }

        internal static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback)
            {
                return true;
            }

            var host = uri.IdnHost.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address);
        }
    }
}
