using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;
using ModelArts.Core.Training;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// A v2 job's logs, one per task (<c>worker-N</c>): Huawei Cloud's line-paged log where the service has it, else
    /// (OTC) the preview and the log URL (<see cref="V2PreviewLog"/>). Which one is learnt by one probe before the first page.
    /// </summary>
    internal sealed class V2LogSource : ILogSource
    {
        private readonly V2TrainingJobs _api;
        private readonly string _jobId;
        private TrainingJob? _job;
        private V2PreviewLog? _preview;
        private bool _probed;

        public V2LogSource(V2TrainingJobs api, string jobId)
        {
            _api = api;
            _jobId = jobId;
        }

        public string JobId => _jobId;

        public long VersionId => 0;

        public string? Start => _preview == null ? null : V2PreviewLog.Start;

        public async Task<TrainingJob> GetJobAsync(CancellationToken cancellationToken) =>
            _job = await _api.GetAsync(_jobId, cancellationToken).ConfigureAwait(false);

        /// <summary>
        /// The job's tasks as it names them; before it does (while it waits), <c>worker-0</c> … by its node count. The
        /// first call also learns which log API the service has.
        /// </summary>
        public async Task<IReadOnlyList<string>> GetLogNamesAsync(CancellationToken cancellationToken)
        {
            var job = _job ?? await GetJobAsync(cancellationToken).ConfigureAwait(false);
            if (!_probed)
            {
                var page = await _api.ReadLogPageAsync(_jobId, LogFiles.TaskOf(0), null, 1, LogOrder.Desc, cancellationToken).ConfigureAwait(false);
                _preview = page == null ? new V2PreviewLog(_api, _jobId) : null;
                _probed = true;
            }

            IReadOnlyList<string> tasks = job.Tasks.Count > 0 ? job.Tasks : Enumerable.Range(0, Math.Max(job.WorkerCount, 1)).Select(LogFiles.TaskOf).ToList();
            return tasks.OrderBy(LogFiles.WorkerOf).ThenBy(t => t, StringComparer.Ordinal).ToList();
        }

        public async Task<LogPage> ReadPageAsync(string log, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken)
        {
            if (!_probed)
            {
                await GetLogNamesAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_preview != null)
            {
                return await _preview.ReadPageAsync(log, baseLine, lines, order, cancellationToken).ConfigureAwait(false);
            }

            return await _api.ReadLogPageAsync(_jobId, log, baseLine, lines, order, cancellationToken).ConfigureAwait(false)
                ?? throw new ModelArtsException(ModelArtsErrorKind.InvalidResponse, "The service stopped serving the line-paged log it served a moment ago (404 APIG.0101).");
        }
    }
}
