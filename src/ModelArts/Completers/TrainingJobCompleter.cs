using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Completers
{
    /// <summary>Job ids (with the name as tooltip) for -JobId, job names for -Name; the first page of the list only.</summary>
    public sealed class TrainingJobCompleter : SessionCompleter
    {
        private const int MaxJobs = 100;

        protected override IEnumerable<(string Value, string ToolTip)> Candidates(
            ModelArtsClient client, string parameterName, IDictionary fakeBoundParameters, CancellationToken cancellationToken)
        {
            var byId = parameterName == "JobId";
            return Get(ct => FirstJobsAsync(client, ct), cancellationToken).Select(job => byId
                ? (job.JobId, job.Name + " (" + job.Status + ")")
                : (job.Name, job.Name + " (" + job.JobId + ", " + job.Status + ")"));
        }

        private static async Task<List<TrainingJobSummary>> FirstJobsAsync(ModelArtsClient client, CancellationToken cancellationToken)
        {
            var jobs = new List<TrainingJobSummary>();
            var query = new TrainingJobQuery { PageSize = MaxJobs, SortBy = "create_time", Order = "desc" };
            await foreach (var job in client.ListTrainingJobsAsync(query, cancellationToken).ConfigureAwait(false))
            {
                jobs.Add(job);
                if (jobs.Count == MaxJobs)
                {
                    break;
                }
            }

            return jobs;
        }
    }
}
