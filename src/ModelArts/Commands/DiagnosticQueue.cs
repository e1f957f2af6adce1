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
        private readonly ConcurrentQueue<(bool IsDebug, string Message)> _messages = new ConcurrentQueue<(bool, string)>();

        /// <summary>Set by the cmdlet from -Verbose / $VerbosePreference (and -Debug, which shows verbose text too).</summary>
        public bool IsVerboseEnabled { get; set; }

        /// <summary>Set by the cmdlet from -Debug / $DebugPreference.</summary>
        public bool IsDebugEnabled { get; set; }

        /// <summary>Set whenever a message arrives; the pipeline thread waits on it beside the running call.</summary>
        public AutoResetEvent Arrived { get; } = new AutoResetEvent(false);

        public void Verbose(string message) => Enqueue(false, message);

        public void Debug(string message) => Enqueue(true, message);

        public void Drain(ModelArtsCmdlet cmdlet)
        {
            while (_messages.TryDequeue(out var item))
            {
                if (item.IsDebug)
                {
                    cmdlet.WriteDebug(item.Message);
                }
                else
                {
                    cmdlet.Verbose(item.Message);
                }
            }
        }

        private void Enqueue(bool isDebug, string message)
        {
            _messages.Enqueue((isDebug, message));
            Arrived.Set();
        }
    }
}
