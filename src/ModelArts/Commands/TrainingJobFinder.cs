using System.Collections.Generic;
using System.Linq;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// The one way a cmdlet finds training jobs by name and status: the session's list (v1) or search (v2), newest
    /// first, narrowed on the server by the longest plain part of a single name and filtered here by the wildcards.
    /// Names that matched nothing become ObjectNotFound errors once the list has been read to its end.
    /// </summary>
    internal sealed class TrainingJobFinder
    {
        // Both APIs cap search_content / the name filter at 64 characters.
        private const int MaxSearchLength = 64;

        private readonly ModelArtsSessionCmdlet _cmdlet;

        public TrainingJobFinder(ModelArtsSessionCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        /// <param name="names">Names with wildcards; all jobs when null or empty.</param>
        /// <param name="statuses">Only jobs in one of these statuses; any status when empty.</param>
        /// <param name="first">At most this many jobs (the newest); the list is not read further.</param>
        /// <param name="patternsMustMatch">
        /// True for a command that acts on the jobs it finds (stop, remove, wait, read the log): a pattern that matches
        /// nothing is then an error too, so a script never "succeeds" on no job at all. A listing reports only plain names.
        /// </param>
        public IEnumerable<TrainingJobSummary> Find(IReadOnlyCollection<string>? names, IReadOnlyCollection<JobStatus> statuses, int? first, bool patternsMustMatch)
        {
            var filter = new NameFilter(names);
            var query = new TrainingJobQuery
            {
                SearchContent = filter.SearchText(MaxSearchLength),
                Status = statuses.Count == 1 ? statuses.First() : (JobStatus?)null,
                SortBy = "create_time",
                Order = "desc",
            };
            if (first.HasValue && first.Value < query.PageSize)
            {
                query.PageSize = first.Value;
            }

            var written = 0;
            foreach (var job in _cmdlet.Stream(ct => _cmdlet.Client.ListTrainingJobsAsync(query, ct)))
            {
                if (!filter.IsMatch(job.Name) || (statuses.Count > 1 && !statuses.Contains(job.StatusCode)))
                {
                    continue;
                }

                yield return job;
                if (++written == first)
                {
                    // The rest of the list was not read: what it would have matched is unknown, so nothing is "not found".
                    yield break;
                }
            }

            // With a status filter, a name that exists in another status is no error.
            if (statuses.Count > 0)
            {
                yield break;
            }

            foreach (var name in patternsMustMatch ? filter.UnmatchedPatterns : filter.Unmatched)
            {
                _cmdlet.WriteError(ErrorRecords.NotFound(ErrorIds.TrainingJobNotFound, "training job", name));
            }
        }
    }
}
