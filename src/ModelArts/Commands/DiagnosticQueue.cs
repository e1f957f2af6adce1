using System.Collections.Concurrent;
using System.Threading;
using ModelArts.Core;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// Collects the core's verbose and debug messages from whatever thread produces them, so that the
    /// pipeline thread (the only one allowed to call WriteVerbose / WriteDebug) can write them while it waits.
    /// </summary>
    internal sealed class DiagnosticQueue : IDiagnosticSink
    {
        private readonly ConcurrentQueue<(Kind Kind, string Message)> _messages = new ConcurrentQueue<(Kind, string)>();

        /// <summary>Set by the cmdlet from -Verbose / $VerbosePreference (and -Debug, which shows verbose text too).</summary>
        public bool IsVerboseEnabled { get; set; }

        /// <summary>Set by the cmdlet from -Debug / $DebugPreference.</summary>
        public bool IsDebugEnabled { get; set; }

        /// <summary>Set whenever a message arrives; the pipeline thread waits on it beside the running call.</summary>
        public AutoResetEvent Arrived { get; } = new AutoResetEvent(false);

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
            while (_messages.TryDequeue(out var item))
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

        private void Enqueue(Kind kind, string message)
        {
            _messages.Enqueue((kind, message));
            Arrived.Set();
        }
    }
}
