using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Storage
{
    /// <summary>Jobs and their versions in SQLite. Every method is one statement or one transaction.</summary>
    internal sealed class JobStore
    {
        private const string VersionColumns = "v.version_id, v.job_id, v.version_number, v.pre_version_id, v.config, v.status, v.create_time, v.start_time, v.end_time, v.resource_id";
        private const string JobColumns = "j.job_id, j.job_name, j.job_desc, j.workspace_id, j.create_time";

        private readonly Database _db;
        private readonly int _quota;

        public JobStore(Database db, int quota)
        {
            _db = db;
            _quota = quota;
        }

        public int Quota => _quota;

        public (JobRecord Job, VersionRecord Version) CreateJob(string name, string description, string workspaceId, JobConfig config, long now) =>
            _db.Write((c, tx) =>
            {
                var existing = Database.Query(c, tx, "SELECT count(*), sum(job_name = $name) FROM jobs", r => (Count: r.GetInt64(0), Same: r.IsDBNull(1) ? 0 : r.GetInt64(1)), ("$name", name))[0];
                if (existing.Same > 0)
                {
                    throw new ApiException(400, "ModelArts.0103", $"Job name:{name} is existed");
                }
                if (existing.Count >= _quota)
                {
                    throw new ApiException(400, "ModelArts.0116", $"The number of training jobs has reached the quota ({_quota}).");
                }
                var jobId = Database.Query(c, tx,
                    "INSERT INTO jobs(job_name, job_desc, workspace_id, create_time) VALUES($name, $desc, $ws, $now) RETURNING job_id",
                    r => r.GetInt64(0), ("$name", name), ("$desc", description), ("$ws", workspaceId), ("$now", now))[0];
                var job = new JobRecord(jobId, name, description, workspaceId, now);
                return (job, InsertVersion(c, tx, jobId, 1, null, config, now));
            });

        /// <summary>Adds the next version (V0002, …) to a job; null when the job is gone.</summary>
        public VersionRecord? CreateVersion(long jobId, long preVersionId, JobConfig config, long now) =>
            _db.Write((c, tx) =>
            {
                var highest = Database.Query(c, tx, "SELECT max(version_number) FROM versions WHERE job_id = $job",
                    r => r.IsDBNull(0) ? (int?)null : r.GetInt32(0), ("$job", jobId))[0];
                return highest is int number ? InsertVersion(c, tx, jobId, number + 1, preVersionId, config, now) : null;
            });

        public JobRecord? FindJob(long jobId) =>
            _db.Read(c => Database.Query(c, null, $"SELECT {JobColumns} FROM jobs j WHERE j.job_id = $job", ReadJob, ("$job", jobId)).FirstOrDefault());

        public VersionRecord? FindVersion(long jobId, long versionId) =>
            _db.Read(c => Database.Query(c, null, $"SELECT {VersionColumns} FROM versions v WHERE v.job_id = $job AND v.version_id = $version",
                r => ReadVersion(r, 0), ("$job", jobId), ("$version", versionId)).FirstOrDefault());

        public VersionRecord? FindVersion(long versionId) =>
            _db.Read(c => Database.Query(c, null, $"SELECT {VersionColumns} FROM versions v WHERE v.version_id = $version",
                r => ReadVersion(r, 0), ("$version", versionId)).FirstOrDefault());

        /// <summary>A job's versions, newest first.</summary>
        public IReadOnlyList<VersionRecord> Versions(long jobId) =>
            _db.Read(c => Database.Query(c, null, $"SELECT {VersionColumns} FROM versions v WHERE v.job_id = $job ORDER BY v.version_id DESC",
                r => ReadVersion(r, 0), ("$job", jobId)));

        public IReadOnlyList<VersionRecord> VersionsInStatus(params int[] statuses) =>
            _db.Read(c => Database.Query(c, null,
                $"SELECT {VersionColumns} FROM versions v WHERE v.status IN ({string.Join(",", statuses)}) ORDER BY v.version_id",
                r => ReadVersion(r, 0)));

        public IReadOnlyList<JobSummary> ListJobs() =>
            _db.Read(c => Database.Query(c, null,
                $@"SELECT {JobColumns}, {VersionColumns}, (SELECT count(*) FROM versions w WHERE w.job_id = j.job_id)
                   FROM jobs j JOIN versions v ON v.version_id = (SELECT max(version_id) FROM versions w WHERE w.job_id = j.job_id)",
                r => new JobSummary(ReadJob(r), ReadVersion(r, 5), r.GetInt32(15))));

        public bool UpdateDescription(long jobId, string description) =>
            _db.Write((c, tx) => Database.Execute(c, tx, "UPDATE jobs SET job_desc = $desc WHERE job_id = $job", ("$desc", description), ("$job", jobId)) > 0);

        public bool DeleteJob(long jobId) =>
            _db.Write((c, tx) => Database.Execute(c, tx, "DELETE FROM jobs WHERE job_id = $job", ("$job", jobId)) > 0);

        /// <summary>Deletes one version; a job left without versions goes with it.</summary>
        public bool DeleteVersion(long jobId, long versionId) =>
            _db.Write((c, tx) =>
            {
                if (Database.Execute(c, tx, "DELETE FROM versions WHERE job_id = $job AND version_id = $version", ("$job", jobId), ("$version", versionId)) == 0)
                {
                    return false;
                }
                Database.Execute(c, tx, "DELETE FROM jobs WHERE job_id = $job AND NOT EXISTS (SELECT 1 FROM versions WHERE job_id = $job)", ("$job", jobId));
                return true;
            });

        /// <summary>Moves a version to <paramref name="status"/> unless it has already ended; false when it had (or is gone).</summary>
        public bool SetStatus(long versionId, int status, long? startTime = null, long? endTime = null) =>
            _db.Write((c, tx) => Database.Execute(c, tx,
                "UPDATE versions SET status = $status, start_time = coalesce($start, start_time), end_time = coalesce($end, end_time) " +
                $"WHERE version_id = $version AND status NOT IN ({JobStatus.TerminalSqlList})",
                ("$status", status), ("$start", startTime), ("$end", endTime), ("$version", versionId)) > 0);

        private static VersionRecord InsertVersion(SqliteConnection c, SqliteTransaction tx, long jobId, int number, long? preVersionId, JobConfig config, long now)
        {
            var resourceId = "job" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
            var versionId = Database.Query(c, tx,
                "INSERT INTO versions(job_id, version_number, pre_version_id, config, status, create_time, resource_id) " +
                "VALUES($job, $number, $pre, $config, $status, $now, $resource) RETURNING version_id",
                r => r.GetInt64(0),
                ("$job", jobId), ("$number", number), ("$pre", preVersionId), ("$config", JsonSerializer.Serialize(config, Wire.Options)),
                ("$status", JobStatus.Init), ("$now", now), ("$resource", resourceId))[0];
            return new VersionRecord(versionId, jobId, number, preVersionId, config, JobStatus.Init, now, null, null, resourceId);
        }

        private static JobRecord ReadJob(SqliteDataReader r) => new JobRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4));

        private static VersionRecord ReadVersion(SqliteDataReader r, int at) => new VersionRecord(
            r.GetInt64(at),
            r.GetInt64(at + 1),
            r.GetInt32(at + 2),
            Database.NullableLong(r, at + 3),
            JsonSerializer.Deserialize<JobConfig>(r.GetString(at + 4), Wire.Options)!,
            r.GetInt32(at + 5),
            r.GetInt64(at + 6),
            Database.NullableLong(r, at + 7),
            Database.NullableLong(r, at + 8),
            r.GetString(at + 9));
    }
}
