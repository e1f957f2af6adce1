using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace ModelArts.Emulator.Storage
{
    /// <summary>
    /// The SQLite file under the data root. WAL with synchronous=FULL: a write returns only once it is on disk,
    /// so an acknowledged call survives a SIGKILL. Writes are serialised here; reads run side by side.
    /// </summary>
    internal sealed class Database : IDisposable
    {
        private const string Schema = @"
CREATE TABLE IF NOT EXISTS jobs (
    job_id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_name TEXT NOT NULL UNIQUE,
    job_desc TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    create_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    version_id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
    version_number INTEGER NOT NULL,
    pre_version_id INTEGER,
    config TEXT NOT NULL,
    status INTEGER NOT NULL,
    create_time INTEGER NOT NULL,
    start_time INTEGER,
    end_time INTEGER,
    resource_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS versions_by_job ON versions(job_id);
CREATE INDEX IF NOT EXISTS versions_by_status ON versions(status);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    project_id TEXT,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS temporary_keys (
    access_key TEXT PRIMARY KEY,
    secret_key TEXT NOT NULL,
    security_token_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    project_id TEXT);
-- v2 jobs are separate records from v1 jobs; status uses the v1 codes (JobStatus), shown as v2 phases.
CREATE TABLE IF NOT EXISTS v2_jobs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    spec TEXT NOT NULL,
    status INTEGER NOT NULL,
    create_time INTEGER NOT NULL,
    start_time INTEGER,
    end_time INTEGER,
    task_statuses TEXT);
CREATE INDEX IF NOT EXISTS v2_jobs_by_status ON v2_jobs(status);
-- Version ids start far from job ids, so a client that mixes the two up fails at once.
INSERT INTO sqlite_sequence(name, seq) SELECT 'versions', 100000
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'versions');";

        private readonly string _connectionString;
        private readonly object _writeGate = new object();

        public Database(string path)
        {
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            using var connection = Open();
            Execute(connection, null, "PRAGMA journal_mode=WAL;");
            Execute(connection, null, Schema);
            // A data root from before keys kept their token's scope: its keys get none, so they act for no project.
            if (Query(connection, null, "SELECT 1 FROM pragma_table_info('temporary_keys') WHERE name = 'project_id'", r => true).Count == 0)
            {
                Execute(connection, null, "ALTER TABLE temporary_keys ADD COLUMN project_id TEXT");
            }
            // A data root from before v2 jobs kept how their workers ended: its jobs show no task statuses.
            if (Query(connection, null, "SELECT 1 FROM pragma_table_info('v2_jobs') WHERE name = 'task_statuses'", r => true).Count == 0)
            {
                Execute(connection, null, "ALTER TABLE v2_jobs ADD COLUMN task_statuses TEXT");
            }
        }

        public T Read<T>(Func<SqliteConnection, T> read)
        {
            using var connection = Open();
            return read(connection);
        }

        /// <summary>Runs <paramref name="write"/> in one transaction, committed (and synced) before this returns.</summary>
        public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> write)
        {
            lock (_writeGate)
            {
                using var connection = Open();
                using var transaction = connection.BeginTransaction();
                var result = write(connection, transaction);
                transaction.Commit();
                return result;
            }
        }

        public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
            return command;
        }

        public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(connection, transaction, sql, parameters);
            return command.ExecuteNonQuery();
        }

        public static List<T> Query<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(connection, transaction, sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }
            return rows;
        }

        public static long? NullableLong(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

        public void Dispose() => SqliteConnection.ClearAllPools();

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, null, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
            return connection;
        }
    }
}
