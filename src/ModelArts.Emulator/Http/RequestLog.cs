using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelArts.Emulator.Http
{
    internal sealed record RequestLogEntry(long Seq, string Method, string Path, string Query, int Status, long ElapsedMs, string RequestId, string? Fault);

    /// <summary>
    /// The last 10,000 requests the service answered (or refused, dropped or hung), for tests and diagnosis. Paths and
    /// queries are kept to their first <see cref="MaxTextLength"/> characters, so the log (and the console line made
    /// from its entry) stays a few megabytes however long the URLs an anonymous caller sends.
    /// </summary>
    internal sealed class RequestLog
    {
        public const int Capacity = 10_000;
        public const int MaxTextLength = 256;
        private const string Cut = "…(cut)";

        private readonly Queue<RequestLogEntry> _entries = new Queue<RequestLogEntry>();
        private long _seq;

        public RequestLogEntry Add(string method, string path, string query, int status, long elapsedMs, string requestId, string? fault)
        {
            lock (_entries)
            {
                var entry = new RequestLogEntry(++_seq, Shorten(method), Shorten(path), Shorten(query), status, elapsedMs, requestId, fault);
                _entries.Enqueue(entry);
                if (_entries.Count > Capacity)
                {
                    _entries.Dequeue();
                }
                return entry;
            }
        }

        private static string Shorten(string text) => text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength), Cut);

        public IReadOnlyList<RequestLogEntry> Since(long seq)
        {
            lock (_entries)
            {
                return _entries.Where(e => e.Seq > seq).ToList();
            }
        }
    }
}
