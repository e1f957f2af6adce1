using System;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Storage;

namespace ModelArts.Emulator.Api
{
    /// <summary>Route and query values read strictly: a malformed one is ModelArts.0101, an unknown id ModelArts.0015.</summary>
    internal static class RequestValues
    {
        public static long Id(string text, string name) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw ApiException.InvalidArgument($"{name} '{text}' is not a valid id.");

        /// <summary>A query value; a bad one is <paramref name="refuse"/>'s error (v1's ModelArts.0101 unless given).</summary>
        public static int Int(HttpRequest request, string name, int fallback, int minimum, int maximum, Func<string, ApiException>? refuse = null)
        {
            var text = request.Query[name].ToString();
            if (text.Length == 0)
            {
                return fallback;
            }
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
                ? value
                : throw (refuse ?? ApiException.InvalidArgument)($"{name} must be a whole number from {minimum} to {maximum}.");
        }

        public static string Choice(HttpRequest request, string name, string fallback, params string[] allowed) => Choice(request, name, fallback, ApiException.InvalidArgument, allowed);

        public static string Choice(HttpRequest request, string name, string fallback, Func<string, ApiException> refuse, params string[] allowed)
        {
            var value = request.Query[name].ToString();
            if (value.Length == 0)
            {
                return fallback;
            }
            return System.Array.IndexOf(allowed, value) >= 0
                ? value
                : throw refuse($"{name} must be one of: {string.Join(", ", allowed)}.");
        }

        /// <summary>How lists sort by a key: text ordinally (as the real service does), everything else by its own order.</summary>
        public static readonly System.Collections.Generic.IComparer<IComparable> SortOrder =
            System.Collections.Generic.Comparer<IComparable>.Create((a, b) => a is string x && b is string y ? string.CompareOrdinal(x, y) : a.CompareTo(b));

        public static JobRecord Job(JobStore store, string jobId) =>
            store.FindJob(Id(jobId, "job_id")) ?? throw ApiException.NotFound($"The training job {jobId} does not exist.");

        public static (JobRecord Job, VersionRecord Version) Version(JobStore store, string jobId, string versionId)
        {
            var job = Job(store, jobId);
            var version = store.FindVersion(job.JobId, Id(versionId, "version_id"))
                ?? throw ApiException.NotFound($"The version {versionId} of training job {jobId} does not exist.");
            return (job, version);
        }
    }
}
