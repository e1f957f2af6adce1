using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Training;

namespace ModelArts.Core
{
    /// <summary>The escape hatch: any call through the session's pipeline (signing or token, retries, redacted diagnostics).</summary>
    public sealed partial class ModelArtsClient
    {
        private const string ProjectPlaceholder = "{project_id}";
        private static readonly string[] RestMethods = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH" };

        /// <summary>
        /// Sends <paramref name="method"/> <paramref name="path"/> (absolute, <c>{project_id}</c> filled in) with an optional
        /// body (JSON unless <paramref name="contentType"/> says otherwise) to the chosen service. On OBS the path is
        /// <c>/bucket/key?query</c> (or <c>/</c> for the buckets), addressed and signed as every OBS call of the session.
        /// A failure keeps the service's status, error code and request id.
        /// </summary>
        public async Task<RestAnswer> InvokeRestAsync(
            string method, string path, byte[]? body, string? contentType, RestService service, CancellationToken cancellationToken = default)
        {
            var verb = (method ?? string.Empty).Trim().ToUpperInvariant();
            if (!RestMethods.Contains(verb))
            {
                throw new ModelArtsValidationException(ValidationErrorIds.InvalidRestRequest, "Method '" + method + "' is not one of " + string.Join(", ", RestMethods) + ".", "Method", method);
            }

            if (string.IsNullOrWhiteSpace(path) || !path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal))
            {
                throw new ModelArtsValidationException(ValidationErrorIds.InvalidRestRequest, "Path '" + path + "' must be absolute on the service, e.g. /v2/{project_id}/training-job-flavors.", "Path", path);
            }

            if (service == RestService.Obs)
            {
                return await Obs.InvokeRestAsync(new HttpMethod(verb), path, body, contentType, cancellationToken).ConfigureAwait(false);
            }

            var root = service == RestService.Iam
                ? _iamEndpoint ?? throw new ModelArtsValidationException(ValidationErrorIds.MissingIamEndpoint, "This session has no IAM endpoint.", "Service", service)
                : Endpoint;
            if (path.IndexOf(ProjectPlaceholder, StringComparison.Ordinal) >= 0)
            {
                path = path.Replace(ProjectPlaceholder, Uri.EscapeDataString(await EnsureProjectIdAsync(cancellationToken).ConfigureAwait(false)));
            }

            var uri = new Uri(root.GetLeftPart(UriPartial.Authority) + path);
            var request = new ApiRequest(new HttpMethod(verb), uri, body);
            if (contentType != null)
            {
                request.ContentType = contentType;
            }

            return RestAnswer.From(await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false));
        }
    }
}
