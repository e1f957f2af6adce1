using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Models;

namespace ModelArts.Core.Logs
{
    /// <summary>
    /// What reading one job's training log needs from a service, whatever its API: the job (on v1 one version), its
    /// logs (one per worker: v1 file names <c>job-x.N</c>, v2 tasks <c>worker-N</c>) and pages of them. Each call
    /// either succeeds or changes nothing, so a decorator may repeat it (<see cref="PatientLogSource"/>).
    /// </summary>
    internal interface ILogSource
    {
        /// <summary>The job's id as its lines carry it.</summary>
        string JobId { get; }

        /// <summary>The v1 version read, once known (it is after the first answer); 0 on v2.</summary>
        long VersionId { get; }

        /// <summary>A position before every line of a log, when the source can read from there; null when it reads from the end only (contract §5).</summary>
        string? Start { get; }

        /// <summary>The job; a follow ends once it is terminal.</summary>
        Task<TrainingJob> GetJobAsync(CancellationToken cancellationToken);

        /// <summary>One log per worker, worker 0 first (<see cref="LogFiles.WorkerOf"/>); asked before any page is read.</summary>
        Task<IReadOnlyList<string>> GetLogNamesAsync(CancellationToken cancellationToken);

        /// <summary>
        /// <paramref name="baseLine"/> null: the last lines (<see cref="LogPage.More"/>: older ones exist); else Desc =
        /// lines after it, Asc = lines before it. A page may hold more lines than <paramref name="lines"/> (a byte range);
        /// <see cref="LogPage.More"/> says whether more lie beyond it in the direction read.
        /// </summary>
        Task<LogPage> ReadPageAsync(string log, string? baseLine, int lines, LogOrder order, CancellationToken cancellationToken);
    }
}
