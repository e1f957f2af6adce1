using System;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArts.Core.Api
{
    /// <summary>A value kept for a short while, so tab completion and repeated creates do not refetch catalogs.</summary>
    internal sealed class Cached<T>
        where T : class
    {
        private readonly TimeSpan lifetime;
        private readonly Func<DateTimeOffset> clock;
        private Entry? entry;

        public Cached(TimeSpan lifetime, Func<DateTimeOffset> clock)
        {
            this.lifetime = lifetime;
            this.clock = clock;
        }

        public Task<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
        {
            var current = Volatile.Read(ref entry);
            return current != null && clock() < current.Expires ? Task.FromResult(current.Value) : RefreshAsync(load, cancellationToken);
        }

        public async Task<T> RefreshAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
        {
            var value = await load(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref entry, new Entry(value, clock() + lifetime));
            return value;
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
