using System;

namespace ModelArts.Core
{
    /// <summary>What a call would send, for -WhatIf and -Debug: nothing secret is in it.</summary>
    public sealed class RequestPreview
    {
        public RequestPreview(string method, Uri uri, string body)
        {
            Method = method;
            Uri = uri;
            Body = body;
        }

        public string Method { get; }

        public Uri Uri { get; }

        public string Body { get; }

        public override string ToString() => Method + " " + Uri + Environment.NewLine + Body;
    }
}
