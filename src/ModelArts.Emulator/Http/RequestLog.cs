using System.Collections.Generic;
using System.Linq;

namespace ModelArts.Emulator.Http
{
    public sealed record RequestLogEntry(long Seq, string Method, string Path, string Query, int Status, long ElapsedMs, string RequestId, string? Fault);

    /// <summary>The last 10,000 requests the service answered (or refused, dropped or hung), for tests and diagnosis.</summary>
    public sealed class RequestLog
    {
        public const int Capacity = 10_000;

        private readonly Queue<RequestLogEntry> _entries = new Queue<RequestLogEntry>();
        private long _seq;

        public RequestLogEntry Add(string method, string path, string query, int status, long elapsedMs, string requestId, string? fault)
        {
            lock (_entries)
            {
                var entry = new RequestLogEntry(++_seq, method, path, query, status, elapsedMs, requestId, fault);
                _entries.Enqueue(entry);
                if (_entries.Count > Capacity)
                {
                    _entries.Dequeue();
                }
                return entry;
            }
        }

        public IReadOnlyList<RequestLogEntry> Since(long seq)
        {
            lock (_entries)
            {
                return _entries.Where(e => e.Seq > seq).ToList();
            }
        }
    }
}
