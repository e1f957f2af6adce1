using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelArts.Emulator.Api.V2;
using ModelArts.Emulator.Http;

namespace ModelArts.Emulator.Storage
{
    /// <summary>v2 jobs in SQLite, apart from the v1 jobs: neither API sees the other's. Every method is one statement or one transaction.</summary>
    internal sealed class V2JobStore
    {
        private const string Columns = "run_id, job_id, name, description, workspace_id, spec, status, create_time, start_time, end_time, task_statuses";

        private readonly Database _db;
        private readonly int _quota;

        public V2JobStore(Database db, int quota)
        {
            _db = db;
            _quota = quota;
        }

        public V2JobRecord Create(string id, string name, string description, string workspaceId, V2JobSpec spec, long now) =>
            _db.Write((c, tx) =>
            {
                var existing = Database.Query(c, tx, "SELECT count(*), sum(name = $name) FROM v2_jobs",
                    r => (Count: r.GetInt64(0), Same: r.IsDBNull(1) ? 0 : r.GetInt64(1)), ("$name", name))[0];
                if (existing.Same > 0)
                {
                    throw V2Errors.DuplicateName(name);
                }
                if (existing.Count >= _quota)
                {
                    throw V2Errors.Quota(_quota);
                }
                var runId = Database.Query(c, tx,
                    "INSERT INTO v2_jobs(job_id, name, description, workspace_id, spec, status, create_time) " +
                    "VALUES($id, $name, $desc, $ws, $spec, $status, $now) RETURNING run_id",
                    r => r.GetInt64(0), ("$id", id), ("$name", name), ("$desc", description), ("$ws", workspaceId),
                    ("$spec", JsonSerializer.Serialize(spec, Wire.Options)), ("$status", JobStatus.Init), ("$now", now))[0];
                return new V2JobRecord(runId, id, name, description, workspaceId, spec, JobStatus.Init, now, null, null, null);
            });

        public V2JobRecord? Find(string id) =>
            _db.Read(c => Database.Query(c, null, $"SELECT {Columns} FROM v2_jobs WHERE job_id = $id", Read, ("$id", id)).FirstOrDefault());

        public V2JobRecord? FindRun(long runId) =>
            _db.Read(c => Database.Query(c, null, $"SELECT {Columns} FROM v2_jobs WHERE run_id = $run", Read, ("$run", runId)).FirstOrDefault());

        public IReadOnlyList<V2JobRecord> List() =>
            _db.Read(c => Database.Query(c, null, $"SELECT {Columns} FROM v2_jobs ORDER BY run_id", Read));

        public IReadOnlyList<V2JobRecord> InStatus(params int[] statuses) =>
            _db.Read(c => Database.Query(c, null, $"SELECT {Columns} FROM v2_jobs WHERE status IN ({string.Join(",", statuses)}) ORDER BY run_id", Read));

        public bool UpdateDescription(string id, string description) =>
            _db.Write((c, tx) => Database.Execute(c, tx, "UPDATE v2_jobs SET description = $desc WHERE job_id = $id", ("$desc", description), ("$id", id)) > 0);

        public bool Delete(string id) =>
            _db.Write((c, tx) => Database.Execute(c, tx, "DELETE FROM v2_jobs WHERE job_id = $id", ("$id", id)) > 0);

        /// <summary>Moves a job to <paramref name="status"/> unless it has already ended; false when it had (or is gone).</summary>
        public bool SetStatus(long runId, int status, long? startTime = null, long? endTime = null, IReadOnlyList<TaskOutcome>? tasks = null) =>
            _db.Write((c, tx) => Database.Execute(c, tx,
                "UPDATE v2_jobs SET status = $status, start_time = coalesce($start, start_time), end_time = coalesce($end, end_time), " +
                "task_statuses = coalesce($tasks, task_statuses) " +
                $"WHERE run_id = $run AND status NOT IN ({JobStatus.TerminalSqlList})",
                ("$status", status), ("$start", startTime), ("$end", endTime), ("$tasks", tasks == null ? null : JsonSerializer.Serialize(tasks, Wire.Options)), ("$run", runId)) > 0);

        private static V2JobRecord Read(SqliteDataReader r) => new V2JobRecord(
            r.GetInt64(0),
            r.GetString(1),
            r.GetString(2),
            r.GetString(3),
            r.GetString(4),
            JsonSerializer.Deserialize<V2JobSpec>(r.GetString(5), Wire.Options)!,
            r.GetInt32(6),
            r.GetInt64(7),
            Database.NullableLong(r, 8),
            Database.NullableLong(r, 9),
            r.IsDBNull(10) ? null : JsonSerializer.Deserialize<List<TaskOutcome>>(r.GetString(10), Wire.Options));
    }
}
