using System;
using System.Management.Automation;
using ModelArts.Core;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>A cmdlet that talks to ModelArts: the default session, or the one given with -Session.</summary>
    public abstract class ModelArtsSessionCmdlet : ModelArtsCmdlet
    {
        private ModelArtsSession? _session;

        /// <summary>The session to use instead of the default one (what Connect-MaSession -PassThru returns).</summary>
        [Parameter]
        [ValidateNotNull]
        public ModelArtsSession? Session { get; set; }

        internal ModelArtsClient Client => ResolvedSession.Client;

        internal ModelArtsSession ResolvedSession => _session ??= Resolve();

        /// <summary>False when there was no usable session: the error is written (or thrown) once, and no record is processed.</summary>
        internal bool HasSession { get; private set; }

        /// <summary>A missing or closed session ends the command: nothing else can work without one.</summary>
        protected override void BeginProcessing()
        {
            var problem = SessionProblem(Session ?? ModelArtsSession.Default);
            if (problem != null)
            {
                Fail(problem);
                return;
            }

            _ = ResolvedSession;
            HasSession = true;
        }

        protected override void ProcessRecord()
        {
            if (HasSession)
            {
                base.ProcessRecord();
            }
        }

        protected override void EndProcessing()
        {
            if (HasSession)
            {
                base.EndProcessing();
            }
        }

        /// <summary>ShouldProcess for a request that changes something; -WhatIf shows its method, address and exact body.</summary>
        internal bool ShouldSend(RequestPreview preview, string what) =>
            ShouldProcess(
                what + ": " + preview.Method + " " + preview.Uri + Environment.NewLine + preview.Body,
                "Create " + what + "?",
                "Confirm");

        /// <summary>Writes a job just created, or waits for it first when asked to.</summary>
        internal void WriteOrWait(TrainingJob job, bool wait)
        {
            if (wait)
            {
                new TrainingJobWaiter(this).Wait(new[] { (job.JobId, job.VersionId == 0 ? null : (long?)job.VersionId) }, null);
            }
            else
            {
                WriteObject(job);
            }
        }

        private static ErrorRecord? SessionProblem(ModelArtsSession? session) =>
            session == null ? ErrorRecords.NoSession()
            : session.Disconnected ? ErrorRecords.SessionDisconnected(session)
            : null;

        private ModelArtsSession Resolve()
        {
            var resolved = Session ?? ModelArtsSession.Default;
            var problem = SessionProblem(resolved);
            if (problem != null)
            {
                ThrowTerminatingError(problem);
            }

            return resolved!;
        }
    }
}
