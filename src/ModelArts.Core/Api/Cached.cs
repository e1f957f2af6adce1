using System;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArts.Core.Api
{
    /// <summary>
    /// A value kept until the expiry its loader gives: catalogs for a minute (so tab completion and repeated
    /// creates stay cheap), IAM tokens until shortly before they expire. Concurrent callers share one load.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle was used; it never is.")]
    internal sealed class Cached<T>
        where T : class
    {
        private readonly Func<DateTimeOffset> _clock;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private Entry? _entry;

        public Cached(Func<DateTimeOffset> clock)
        {
            _clock = clock;
        }

        public async Task<T> GetAsync(Func<CancellationToken, Task<(T Value, DateTimeOffset Expires)>> load, CancellationToken cancellationToken)
        {
            var current = Volatile.Read(ref _entry);
            if (current != null && _clock() < current.Expires)
            {
                return current.Value;
            }

            return await LoadAsync(load, onlyIfStale: true, cancellationToken).ConfigureAwait(false);
        }

        public Task<T> RefreshAsync(Func<CancellationToken, Task<(T Value, DateTimeOffset Expires)>> load, CancellationToken cancellationToken) =>
            LoadAsync(load, onlyIfStale: false, cancellationToken);

        public void Invalidate() => Volatile.Write(ref _entry, null);

        private async Task<T> LoadAsync(Func<CancellationToken, Task<(T Value, DateTimeOffset Expires)>> load, bool onlyIfStale, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Another caller may have loaded it while this one waited.
                var current = _entry;
                if (onlyIfStale && current != null && _clock() < current.Expires)
                {
                    return current.Value;
                }

                var (value, expires) = await load(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _entry, new Entry(value, expires));
                return value;
            }
            finally
            {
                _gate.Release();
            }
        }

        private sealed class Entry
        {
            public Entry(T value, DateTimeOffset expires)
            {
                Value = value;
                Expires = expires;
            }

            public T Value { get; }

            public DateTimeOffset Expires { get; }
        }
    }
}
