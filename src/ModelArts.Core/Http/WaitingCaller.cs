using System;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// Marks the current thread as one that blocks for the answer of the call it starts next (a cmdlet's pipeline thread).
    /// The first request that call sends from this thread is then sent on it, synchronously: a small call otherwise costs
    /// two thread hand-offs (socket to thread pool, thread pool to the waiting thread), which on a busy machine are most
    /// of its time. Only the first request: a call that then sends several at once (OBS parts) keeps them concurrent,
    /// and anything after an await runs elsewhere and never sees the mark.
    /// </summary>
    public static class WaitingCaller
    {
        private static readonly Scope Reset = new Scope();

        [ThreadStatic]
        private static bool _waiting;

        /// <summary>Marks this thread until the result is disposed (or the first request takes the mark).</summary>
        public static IDisposable Enter()
        {
            _waiting = true;
            return Reset;
        }

        /// <summary>True once per <see cref="Enter"/>, on the marked thread: this request may be sent synchronously.</summary>
        internal static bool Take()
        {
            if (!_waiting)
            {
                return false;
            }

            _waiting = false;
            return true;
        }

        private sealed class Scope : IDisposable
        {
            public void Dispose() => _waiting = false;
        }
    }
}
