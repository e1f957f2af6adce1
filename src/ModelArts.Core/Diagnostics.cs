using System;
using System.Threading;

namespace ModelArts.Core
{
    /// <summary>Where the core reports what it does; a cmdlet maps it to Write-Verbose / Write-Debug.</summary>
    public interface IDiagnosticSink
    {
        /// <summary>Whether verbose messages are wanted; when not, the core does not send them.</summary>
        bool IsVerboseEnabled { get; }

        /// <summary>Whether debug messages are wanted; when not, the core does not even build them (HTTP traffic descriptions are costly).</summary>
        bool IsDebugEnabled { get; }

        void Verbose(string message);

        void Debug(string message);

        /// <summary>Something the user should know although nothing failed (yet), e.g. a service unreachable during a follow.</summary>
        void Warning(string message);
    }

    /// <summary>
    /// The sink of the current logical call. AsyncLocal, so two cmdlets sharing one session's client
    /// each see their own output.
    /// </summary>
    public static class Diagnostics
    {
        private static readonly AsyncLocal<IDiagnosticSink?> Current = new AsyncLocal<IDiagnosticSink?>();

        /// <summary>Routes diagnostics of this async flow to <paramref name="sink"/> until the result is disposed.</summary>
        public static IDisposable Use(IDiagnosticSink sink)
        {
            var previous = Current.Value;
            Current.Value = sink ?? throw new ArgumentNullException(nameof(sink));
            return new Restore(previous);
        }

        internal static bool DebugEnabled => Current.Value?.IsDebugEnabled == true;

        internal static void Verbose(string message)
        {
            var sink = Current.Value;
            if (sink != null && sink.IsVerboseEnabled)
            {
                sink.Verbose(message);
            }
        }

        internal static void Warning(string message) => Current.Value?.Warning(message);

        internal static void Debug(string message)
        {
            var sink = Current.Value;
            if (sink != null && sink.IsDebugEnabled)
            {
                sink.Debug(message);
            }
        }

        private sealed class Restore : IDisposable
        {
            private readonly IDiagnosticSink? _previous;

            public Restore(IDiagnosticSink? previous)
            {
                _previous = previous;
            }

            public void Dispose() => Current.Value = _previous;
        }
    }
}
