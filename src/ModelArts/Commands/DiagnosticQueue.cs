using System;
using System.Collections.Concurrent;
using System.Threading;
using ModelArts.Core;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Collects the core's verbose and debug messages from whatever thread produces them, so that the
    /// pipeline thread (the only one allowed to call WriteVerbose / WriteDebug) can write them while it waits.
    /// </summary>
    internal sealed class DiagnosticQueue : IDiagnosticSink, IDisposable
    {
        // Made by the first message: most calls write none, and an empty queue is most of a cmdlet's own allocation (1 KB).
        private ConcurrentQueue<(Kind Kind, string Message)>? _messages;
        private AutoResetEvent? _arrived;

        /// <summary>Set by the cmdlet from -Verbose / $VerbosePreference (and -Debug, which shows verbose text too).</summary>
        public bool IsVerboseEnabled { get; set; }

        /// <summary>Set by the cmdlet from -Debug / $DebugPreference.</summary>
        public bool IsDebugEnabled { get; set; }

        /// <summary>
        /// Set whenever a message arrives; the pipeline thread waits on it beside the running call. Made by that thread on
        /// its first wait, because most calls end without one. A message queued before the event exists sets nothing, so
        /// the waiter reads the queue after making it and before every wait (queue then event on the writing side, event
        /// then queue on the waiting side, both fenced).
        /// </summary>
        public AutoResetEvent Arrived
        {
            get
            {
                if (_arrived == null)
                {
                    Interlocked.Exchange(ref _arrived, new AutoResetEvent(false));
                }

                return _arrived!;
            }
        }

        private enum Kind
        {
            Verbose,
            Debug,
            Warning,
        }

        public void Verbose(string message) => Enqueue(Kind.Verbose, message);

        public void Debug(string message) => Enqueue(Kind.Debug, message);

        public void Warning(string message) => Enqueue(Kind.Warning, message);

        public void Drain(ModelArtsCmdlet cmdlet)
        {
            var messages = Volatile.Read(ref _messages);
            if (messages == null)
            {
                return;
            }

            while (messages.TryDequeue(out var item))
            {
                switch (item.Kind)
                {
                    case Kind.Debug:
                        cmdlet.WriteDebug(item.Message);
                        break;
                    case Kind.Warning:
                        cmdlet.WriteWarning(item.Message);
                        break;
                    default:
                        cmdlet.Verbose(item.Message);
                        break;
                }
            }
        }

        public void Dispose() => _arrived?.Dispose();

        private void Enqueue(Kind kind, string message)
        {
            var messages = Volatile.Read(ref _messages);
            if (messages == null)
            {
                // Messages may come from several threads at once: the first queue published is the one all of them use.
                Interlocked.CompareExchange(ref _messages, new ConcurrentQueue<(Kind, string)>(), null);
                messages = _messages!;
            }

            messages.Enqueue((kind, message));
            Volatile.Read(ref _arrived)?.Set();
        }
    }
}
