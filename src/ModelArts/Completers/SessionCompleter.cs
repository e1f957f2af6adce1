using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core;

namespace ModelArts.PowerShell.Completers
{
    /// <summary>
    /// Completes from live service values, through the -Session on the command line or the default session
    /// (none: no completions). Calls get a short time budget so Tab never hangs; the core caches the catalog.
    /// </summary>
    public abstract class SessionCompleter : CompleterBase
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

        protected sealed override IEnumerable<(string Value, string ToolTip)> Candidates(string parameterName, IDictionary fakeBoundParameters)
        {
            var bound = fakeBoundParameters?["Session"];
            var session = (bound is PSObject wrapped ? wrapped.BaseObject : bound) as ModelArtsSession ?? ModelArtsSession.Default;
            if (session == null || session.Disconnected)
            {
                return Array.Empty<(string, string)>();
            }

            using (var budget = new CancellationTokenSource(Budget))
            {
                return Candidates(session.Client, parameterName, fakeBoundParameters!, budget.Token).ToList();
            }
        }

        protected abstract IEnumerable<(string Value, string ToolTip)> Candidates(
            ModelArtsClient client, string parameterName, IDictionary fakeBoundParameters, CancellationToken cancellationToken);

        /// <summary>Runs a core call off the completion thread and waits for it within the budget.</summary>
        protected static T Get<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
            Task.Run(() => call(cancellationToken), cancellationToken).GetAwaiter().GetResult();
    }
}
