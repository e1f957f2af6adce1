namespace ModelArts.Core.Models
{
    /// <summary>Filter and order of the job list; all pages are fetched lazily.</summary>
    public sealed class TrainingJobQuery
    {
        public JobStatus? Status { get; set; }

        /// <summary>Server-side substring match on the job name (0–64 characters).</summary>
        public string? SearchContent { get; set; }

        /// <summary>job_name, job_desc, status, duration, version_count or create_time.</summary>
        public string? SortBy { get; set; }

        /// <summary>asc or desc.</summary>
        public string? Order { get; set; }

        /// <summary>Rows per request, 1–1000.</summary>
        public int PageSize { get; set; } = 100;
    }
}
