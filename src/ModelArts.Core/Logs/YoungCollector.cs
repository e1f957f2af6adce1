using System;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// Keeps a long log read's garbage small. Every line read becomes garbage as soon as the pipeline has passed it on,
    /// but the runtime collects its youngest generation only after a budget that it sizes by the CPU's last-level
    /// cache, and virtual machines report caches of hundreds of MB (300 MiB on the benchmark machine, a 70 MB budget):
    /// a read of 100,000 lines then grows pwsh by 70 MB before the first collection. So the reader asks for a
    /// young-generation collection once it has read <see cref="EveryChars"/> characters of lines (pages walked over
    /// count too), just before it reads the next page: the lines already passed on are garbage by then, and with
    /// almost nothing surviving each collection costs well under a millisecond.
    /// </summary>
    internal sealed class YoungCollector
    {
        /// <summary>512 K characters: 1 MB of line text, some 8,000 typical lines and their objects, between two collections (2 M and 1 M left the peak 20-45 MB above the read's start).</summary>
        public const long EveryChars = 512 * 1024;

        private long _chars;

        /// <summary>Characters of lines read.</summary>
        public void Count(long chars) => _chars += chars;

        /// <summary>Before the next page: collects the young generation once enough lines have been handed out.</summary>
        public void CollectIfDue()
        {
            if (_chars >= EveryChars)
            {
                _chars = 0;
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            }
        }
    }
}
