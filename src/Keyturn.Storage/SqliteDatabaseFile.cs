using Keyturn.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Keyturn.Storage;

/// <summary>
/// Copies and inspects a Keyturn SQLite database file for `keyturn backup` and `keyturn restore`. The copy goes through
/// SQLite's online backup API: it reads one consistent snapshot while a running server keeps writing (WAL readers do
/// not block writers), which a file copy of keyturn.db and its -wal could not promise.
/// </summary>
public static class SqliteDatabaseFile
{
    /// <summary>The schema version this build migrates to; a database above it was made by a newer Keyturn.</summary>
    public static int LatestSchemaVersion => Migrations.All.Max(m => m.Version);

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/>, which the caller has created empty with the
    /// mode it wants (SQLite keeps an existing file's mode). Leaves the copy a single self-contained file.
    /// </summary>
    public static void Copy(string source, string destination)
    {
        using var from = Open(source, SqliteOpenMode.ReadOnly);
        using var to = Open(destination, SqliteOpenMode.ReadWrite);
        from.BackupDatabase(to);
        // The copy carries the source's WAL mode; a rollback journal makes it one file to move, with no -wal beside it.
        Execute(to, "PRAGMA journal_mode = DELETE;");
    }

    /// <summary>
    /// What the file is: its schema version, or a reason it is not a usable Keyturn database (not SQLite, damaged, no
    /// Keyturn schema). Opens it read-only.
    /// </summary>
    public static DatabaseFileCheck Inspect(string path)
    {
        if (!File.Exists(path))
        {
            return DatabaseFileCheck.Refused($"'{path}' does not exist.");
        }

        try
        {
            using var connection = Open(path, SqliteOpenMode.ReadOnly);
            var integrity = Scalar(connection, "PRAGMA quick_check;");
            if (integrity != "ok")
            {
                return DatabaseFileCheck.Refused($"'{path}' is a damaged SQLite database (quick_check: {integrity}).");
            }

            var tables = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'data_keys', 'secrets')"), System.Globalization.CultureInfo.InvariantCulture);
            if (tables != 3)
            {
                return DatabaseFileCheck.Refused($"'{path}' is a SQLite database but not a Keyturn one (no schema_version, data_keys and secrets tables).");
            }

            var version = Convert.ToInt32(Scalar(connection, "SELECT coalesce(max(version), 0) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture);
            return version > LatestSchemaVersion
                ? DatabaseFileCheck.Refused($"'{path}' is at schema version {version}, made by a newer Keyturn than this one (which knows up to {LatestSchemaVersion}): restore it with that version.")
                : new DatabaseFileCheck(version, null);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11) // SQLITE_NOTADB, SQLITE_CORRUPT
        {
            return DatabaseFileCheck.Refused($"'{path}' is not a SQLite database.");
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Mode = mode, Pooling = false, DefaultTimeout = 30 }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql) => Scalar(connection, sql);
}

/// <summary>A database file's schema version, or why it cannot be used (<see cref="Problem"/> set).</summary>
public sealed record DatabaseFileCheck(int SchemaVersion, string? Problem)
{
    public static DatabaseFileCheck Refused(string problem) => new(0, problem);
}
