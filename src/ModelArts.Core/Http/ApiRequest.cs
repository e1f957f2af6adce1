using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;

namespace ModelArts.Core.Http
{
    /// <summary>One logical call; the pipeline turns it into a fresh HttpRequestMessage per attempt.</summary>
    internal sealed class ApiRequest
    {
        public const string JsonContentType = "application/json";

        public ApiRequest(HttpMethod method, Uri uri, byte[]? body = null)
        {
            Method = method;
            Uri = uri;
            Body = body;
            Idempotent = method != HttpMethod.Post;
        }

        public HttpMethod Method { get; }

        public Uri Uri { get; }

        public byte[]? Body { get; }

        public string ContentType { get; set; } = JsonContentType;

        /// <summary>
        /// The body as a part of a larger array (an OBS part in a pooled buffer), sent without a copy; instead of
        /// <see cref="Body"/>, which the authenticator then does not see, so its Content-MD5 goes in <see cref="Headers"/>.
        /// </summary>
        public ArraySegment<byte>? BodySegment { get; set; }

        /// <summary>
        /// Where a successful answer's body goes instead of memory (an OBS range straight into its file): called at the
        /// start of every attempt for a fresh stream, which the sender fills and disposes. Error answers are still
        /// buffered, to be read as errors.
        /// </summary>
        public Func<Stream>? ResponseTarget { get; set; }

        /// <summary>Extra headers of every attempt (OBS: Range, x-obs-*, Content-MD5); they are in place before signing.</summary>
        public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// May be sent again when its outcome is unknown (transport failure, timeout, 5xx).
        /// A non-idempotent request is only re-sent after a 429, which the gateway answers before the service sees it.
        /// </summary>
        public bool Idempotent { get; set; }

        /// <summary>
        /// A 404 on a re-sent request means an earlier attempt, whose answer was lost, already did the work (DELETE).
        /// </summary>
        public bool NotFoundAfterRetryMeansDone { get; set; }

        /// <summary>
        /// A pre-signed address (a temporary log URL): its query is its only credential, so the request is sent without
        /// the session's signature or token, and only <see cref="ShownUri"/> appears in debug output and errors.
        /// </summary>
        public bool PreSigned { get; set; }

        /// <summary>The address as output and errors may show it: a pre-signed one without its query.</summary>
        public Uri ShownUri => PreSigned ? new Uri(Uri.GetLeftPart(UriPartial.Path)) : Uri;
    }
}
