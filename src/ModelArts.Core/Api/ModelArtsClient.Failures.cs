using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core
{
    public sealed partial class ModelArtsClient
    {
        /// <summary>How many log lines per worker a failure summary quotes.</summary>
        public const int FailureLogLines = 15;

        /// <summary>
        /// The evidence of a job that ended without completing: the last <see cref="FailureLogLines"/> lines of each
        /// worker's log. A log that cannot be read is named in the summary, never an error of its own.
        /// </summary>
        public async Task<JobFailureSummary> DescribeFailureAsync(TrainingJob job, CancellationToken cancellationToken = default)
        {
            var lines = new List<LogLine>();
            try
            {
                await foreach (var line in ReadJobLogAsync(job.JobId, job.VersionId, LogReadMode.Tail, FailureLogLines, cancellationToken).ConfigureAwait(false))
                {
                    lines.Add(line);
                }
            }
            catch (ModelArtsException e)
            {
                return new JobFailureSummary(job, lines, e.Message);
            }

            return new JobFailureSummary(job, lines, null);
        }
    }
}
