using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core;
using ModelArts.Core.Auth;

namespace ModelArts.Core.Tests
{
    /// <summary>A request as the transport saw it: headers are copied, because the message is disposed after sending.</summary>
    public sealed class SeenRequest
    {
        public SeenRequest(HttpRequestMessage message, byte[] body)
        {
            Method = message.Method.Method;
            Uri = message.RequestUri!;
            Body = body;
            // Content headers too: Content-Type is signed.
            var all = message.Content == null ? message.Headers : message.Headers.Concat(message.Content.Headers);
            Headers = all.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            HeaderPairs = all.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
        }

        public string Method { get; }

        public Uri Uri { get; }

        public byte[] Body { get; }

        public string BodyText => Encoding.UTF8.GetString(Body);

        public IReadOnlyDictionary<string, string> Headers { get; }

        public IReadOnlyList<KeyValuePair<string, string>> HeaderPairs { get; }

        public string Path => Uri.AbsolutePath;

        public string? Query(string name)
        {
            foreach (var part in Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                var key = Uri.UnescapeDataString(eq < 0 ? part : part.Substring(0, eq));
                if (key == name) return eq < 0 ? string.Empty : Uri.UnescapeDataString(part.Substring(eq + 1));
            }

            return null;
        }

        public override string ToString() => Method + " " + Uri;
    }

    /// <summary>The fake transport: a route function answers each request; every request is recorded.</summary>
    public sealed class FakeHandler : HttpMessageHandler
    {
        private readonly Func<SeenRequest, CancellationToken, Task<HttpResponseMessage>> route;

        public FakeHandler(Func<SeenRequest, HttpResponseMessage> route)
            : this((request, _) => Task.FromResult(route(request)))
        {
        }

        public FakeHandler(Func<SeenRequest, CancellationToken, Task<HttpResponseMessage>> route)
        {
            this.route = route;
        }

        public ConcurrentQueue<SeenRequest> Requests { get; } = new ConcurrentQueue<SeenRequest>();

        public IReadOnlyList<SeenRequest> To(string pathPart, string? method = null) =>
            Requests.Where(r => r.Path.Contains(pathPart, StringComparison.Ordinal) && (method == null || r.Method == method)).ToList();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var seen = new SeenRequest(request, body);
            Requests.Enqueue(seen);
            var response = await route(seen, cancellationToken);
            response.RequestMessage ??= request;
            return response;
        }
    }

    /// <summary>A clock that only moves when the code under test waits, so retry timing is exact and instant.</summary>
    public sealed class FakeTime
    {
        public DateTimeOffset Now { get; set; } = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

        public List<TimeSpan> Delays { get; } = new List<TimeSpan>();

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (Delays) Delays.Add(delay);
            Now += delay;
            return Task.CompletedTask;
        }
    }

    public sealed class RecordingSink : IDiagnosticSink
    {
        public List<string> Messages { get; } = new List<string>();

        public bool IsVerboseEnabled { get; set; } = true;

        public bool IsDebugEnabled { get; set; } = true;

        public string All => string.Join("\n", Messages);

        public void Verbose(string message)
        {
            lock (Messages) Messages.Add("VERBOSE: " + message);
        }

        public void Debug(string message)
        {
            lock (Messages) Messages.Add("DEBUG: " + message);
        }

        public void Warning(string message)
        {
            lock (Messages) Messages.Add("WARNING: " + message);
        }
    }

    public static class Reply
    {
        public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string? requestId = null)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (requestId != null) response.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
            return response;
        }

        public static HttpResponseMessage Status(int status, string json = "{}") => Json(json, (HttpStatusCode)status);

        public static HttpResponseMessage Throttled(string retryAfter)
        {
            var response = Json("{\"error_code\":\"APIG.0308\",\"error_msg\":\"The request is throttled.\"}", (HttpStatusCode)429);
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            return response;
        }
    }

    public static class TestClients
    {
        public const string ProjectId = "0123456789abcdef0123456789abcdef";
        public const string AccessKey = "AKAKAKAKAKAKAKAKAKAK";
        public const string SecretKey = "SKSECRET-sksecret-0123456789-SECRET";
        public static readonly Uri Endpoint = new Uri("https://modelarts.eu-de.otc.t-systems.com");
        public static readonly Uri Iam = new Uri("https://iam.eu-de.otc.t-systems.com/v3");

        public static ModelArtsClientOptions Options(FakeHandler handler, FakeTime time, ModelArtsCredentials? credentials = null) =>
            new ModelArtsClientOptions(Endpoint, credentials ?? new AccessKeyCredentials(AccessKey, SecretKey))
            {
                ProjectId = ProjectId,
                IamEndpoint = Iam,
                Handler = handler,
                Clock = () => time.Now,
                Delay = time.Delay,
            };

        public static ModelArtsClient Create(FakeHandler handler, FakeTime time, Action<ModelArtsClientOptions>? configure = null)
        {
            var options = Options(handler, time);
            configure?.Invoke(options);
            return new ModelArtsClient(options);
        }
    }
}
