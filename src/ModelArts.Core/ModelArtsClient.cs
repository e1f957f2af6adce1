using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Api;
using ModelArts.Core.Auth;
using ModelArts.Core.Endpoints;
using ModelArts.Core.Errors;
using ModelArts.Core.Http;
using ModelArts.Core.Training;

namespace ModelArts.Core
{
    /// <summary>
    /// The training API (v2 or v1, <see cref="TrainingApi"/>) of one session: one shared HttpClient, one credential, one project.
    /// Safe to use from several cmdlets at once. The session's API is one <see cref="ITrainingApi"/>, picked here;
    /// the v1 calls live in Api/ModelArtsClient.*.cs, the v2 ones in Training/V2TrainingJobs*.cs.
    /// </summary>
    public sealed partial class ModelArtsClient : IDisposable
    {
        private readonly HttpSender _sender;
        private readonly HttpPipeline _pipeline;
        private readonly Uri? _iamEndpoint;
        private readonly string? _projectName;
        private readonly Func<DateTimeOffset> _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly TimeSpan _logPollInterval;
        private readonly SemaphoreSlim _projectLookup = new SemaphoreSlim(1, 1);
        private IamTokenProvider? _tokens;

        public ModelArtsClient(ModelArtsClientOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            Endpoint = options.Endpoint ?? throw new ModelArtsValidationException(ValidationErrorIds.InvalidEndpoint, "No ModelArts endpoint was given.", "Endpoint");
            Credentials = options.Credentials ?? throw new ModelArtsValidationException(ValidationErrorIds.MissingCredentials, "No credentials were given.", "Credentials");
            EndpointPolicy.Validate(Endpoint, options.AllowInsecureHttp);
            if (options.IamEndpoint != null)
            {
                EndpointPolicy.Validate(options.IamEndpoint, options.AllowInsecureHttp);
            }

            ProjectId = string.IsNullOrWhiteSpace(options.ProjectId) ? null : options.ProjectId!.Trim();
            _projectName = string.IsNullOrWhiteSpace(options.ProjectName) ? null : options.ProjectName!.Trim();
            _iamEndpoint = options.IamEndpoint;
            if (ProjectId == null && _projectName == null)
            {
                throw new ModelArtsValidationException(ValidationErrorIds.MissingProject, "Give a project id, or a project (region) name to look it up.", "ProjectId");
            }

            if (_iamEndpoint == null && (ProjectId == null || Credentials is PasswordCredentials))
            {
                throw new ModelArtsValidationException(
                    ValidationErrorIds.MissingIamEndpoint,
                    Credentials is PasswordCredentials ? "Signing in with a password needs the IAM endpoint." : "Looking up the project id needs the IAM endpoint.",
                    "IamEndpoint");
            }

            _clock = options.Clock;
            _delay = options.Delay;
            _logPollInterval = options.LogPollInterval;
            _flavors = new Cached<IReadOnlyList<Models.Flavor>>(_clock);
            _engines = new Cached<IReadOnlyList<Models.Engine>>(_clock);
            _sender = new HttpSender(options);
            var retry = new RetryPolicy(options.Retry, _clock, _delay);
            _pipeline = new HttpPipeline(_sender, retry, _clock, CreateAuthenticator(new HttpPipeline(_sender, retry, _clock, null)));
            TrainingApi = options.TrainingApi;
            _api = TrainingApi == TrainingApi.V1 ? new V1TrainingApi(this) : (ITrainingApi)new V2TrainingApi(this, _pipeline);
            _obs = CreateObs(options, retry);
        }

        public Uri Endpoint { get; }

        public ModelArtsCredentials Credentials { get; }

        /// <summary>The project of every call; null until given or looked up (<see cref="EnsureProjectIdAsync"/>).</summary>
        public string? ProjectId { get; private set; }

        /// <summary>The given project id, else the one IAM knows for the project name (looked up once).</summary>
        public async Task<string> EnsureProjectIdAsync(CancellationToken cancellationToken = default)
        {
            var known = ProjectId;
            if (known != null)
            {
                return known;
            }

            // Concurrent first calls (e.g. both catalogs of a resolve) share one lookup.
            await _projectLookup.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return ProjectId ?? await LookUpProjectIdAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _projectLookup.Release();
            }
        }

        /// <summary>One cheap authenticated call, to prove endpoint, credentials and project.</summary>
        public async Task VerifyAsync(CancellationToken cancellationToken = default) =>
            await _engines.RefreshAsync(LoadEnginesAsync, cancellationToken).ConfigureAwait(false);

        /// <summary>Exactly what <see cref="CreateTrainingJobAsync"/> would send, for -WhatIf.</summary>
        public RequestPreview PreviewCreateTrainingJob(Models.CreateTrainingJobRequest request)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            return new RequestPreview("POST", V1(ProjectId ?? "{project_id}", "training-jobs"), request.ToJson());
        }

        public RequestPreview PreviewCreateTrainingJobVersion(long jobId, Models.CreateTrainingJobVersionRequest request)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            return new RequestPreview("POST", V1(ProjectId ?? "{project_id}", JobPath(jobId) + "/versions"), request.ToJson());
        }

        public void Dispose() => _sender.Dispose();

        private async Task<string> LookUpProjectIdAsync(CancellationToken cancellationToken)
        {
            string found;
            if (_tokens != null)
            {
                // A token scoped by project name says which project it is for.
                await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                found = _tokens.ScopedProjectId ?? throw new ModelArtsException(
                    ModelArtsErrorKind.InvalidResponse, "IAM issued a token without a project for '" + _projectName + "'.");
            }
            else
            {
                var uri = Url.IamV3(_iamEndpoint!, "projects", Url.Query("name", _projectName));
                var response = await _pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
                var project = (response.Read<WireProjectList>().Projects ?? new List<WireProjectRow>())
                    .FirstOrDefault(p => string.Equals(p.Name, _projectName, StringComparison.Ordinal) && !string.IsNullOrEmpty(p.Id));
                found = project?.Id ?? throw new ModelArtsException(
                    ModelArtsErrorKind.NotFound, "IAM knows no project named '" + _projectName + "' for these credentials.", response.StatusCode, null, response.RequestId, "GET", uri);
            }

            Diagnostics.Verbose("Project '" + _projectName + "' has id " + found + ".");
            ProjectId = found;
            return found;
        }

        /// <param name="signIn">The unauthenticated pipeline an IAM sign-in goes through.</param>
        private IRequestAuthenticator CreateAuthenticator(HttpPipeline signIn)
        {
            switch (Credentials)
            {
                case AccessKeyCredentials keys:
                    return new AkSkAuthenticator(keys, () => ProjectId, _clock);
                case PasswordCredentials password:
                    _tokens = new IamTokenProvider(signIn, password, _iamEndpoint!, ProjectId, _projectName, _clock);
                    return new TokenAuthenticator(_tokens);
                default:
                    throw new ModelArtsValidationException(ValidationErrorIds.MissingCredentials, "Unsupported credentials " + Credentials.GetType().Name + ".", "Credentials");
            }
        }

        private Uri V1(string projectId, string path, params KeyValuePair<string, string?>[] query) =>
            Url.Combine(Endpoint, "v1/" + Uri.EscapeDataString(projectId) + "/" + path, query);

        private async Task<Uri> V1Async(string path, CancellationToken cancellationToken, params KeyValuePair<string, string?>[] query) =>
            V1(await EnsureProjectIdAsync(cancellationToken).ConfigureAwait(false), path, query);

        /// <summary>Sends and reads a v1 answer; <c>is_success: false</c> in a 200 is a failure too.</summary>
        private async Task<T> SendV1Async<T>(ApiRequest request, CancellationToken cancellationToken)
            where T : WireEnvelope
        {
            var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return ReadV1<T>(response);
        }

        private T ReadV1<T>(ApiResponse response)
            where T : WireEnvelope =>
            CheckV1(response, response.Read<T>());

        /// <summary>A v1 answer already read: <c>is_success: false</c> in a 200 is a failure too.</summary>
        private T CheckV1<T>(ApiResponse response, T result)
            where T : WireEnvelope
        {
            if (result.IsSuccess == false)
            {
                throw response.ToException(_clock());
            }

            return result;
        }
    }
}
