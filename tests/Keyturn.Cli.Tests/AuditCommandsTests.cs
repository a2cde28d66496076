using Keyturn.Server.Hosting;
using Microsoft.Data.Sqlite;

namespace Keyturn.Cli.Tests;

/// <summary>
/// `keyturn audit list|verify` against the real server, tampering with its real SQLite file directly: an edited,
/// a deleted and an inserted row each make verify fail (exit 1) and name the entry; undone, it passes again.
/// </summary>
public sealed class AuditCommandsTests : AgainstServer
{
    [Fact]
    public async Task Verify_TamperedRows_FailAndNameTheEntry()
    {
        await RunOkAsync("project", "create", "--name", "audited-one");
        await RunOkAsync("project", "create", "--name", "audited-two");
        for (var i = 0; i < 4; i++)
        {
            await RunOkAsync("project", "list");
        }

        Assert.StartsWith("ok: ", (await RunOkAsync("audit", "verify")).Out, StringComparison.Ordinal);

        // Edited: one field of entry 2.
        var (id2, actor2) = await RowAsync(2);
        await ExecuteAsync($"UPDATE audit_entries SET actor = 'token:forged' WHERE seq = 2");
        var edited = await VerifyFailsAsync();
        Assert.Contains($"entry 2 ({id2}) was changed", edited, StringComparison.Ordinal);
        await ExecuteAsync($"UPDATE audit_entries SET actor = '{actor2}' WHERE seq = 2");
        await RunOkAsync("audit", "verify");

        // Deleted: entry 3; the entry after the gap is named.
        var (id4, _) = await RowAsync(4);
        await ExecuteAsync("CREATE TABLE kept AS SELECT * FROM audit_entries WHERE seq = 3");
        await ExecuteAsync("DELETE FROM audit_entries WHERE seq = 3");
        var deleted = await VerifyFailsAsync();
        Assert.Contains($"entries 3 to 3 before entry 4 ({id4}) were removed", deleted, StringComparison.Ordinal);
        await ExecuteAsync("INSERT INTO audit_entries SELECT * FROM kept");
        await RunOkAsync("audit", "verify");

        // Inserted: a copy of entry 2 under a new id, with a sequence number past the end and without one.
        var forged = Guid.NewGuid();
        await ExecuteAsync(CopyOfEntry2(forged, "1000000"));
        var inserted = await VerifyFailsAsync();
        Assert.Contains($"entry 1000000 ({forged}) was inserted", inserted, StringComparison.Ordinal);
        await ExecuteAsync($"DELETE FROM audit_entries WHERE id = '{forged}'");
        await RunOkAsync("audit", "verify");

        var unchained = Guid.NewGuid();
        await ExecuteAsync(CopyOfEntry2(unchained, "NULL"));
        var insertedWithoutSequence = await VerifyFailsAsync();
        Assert.Contains($"entry {unchained} was inserted without a sequence number", insertedWithoutSequence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FiltersAndAll_ShowTheRecordedRequests()
    {
        await RunOkAsync("project", "create", "--name", "listed");
        for (var i = 0; i < 3; i++)
        {
            await RunOkAsync("project", "list");
        }

        var all = Json(await RunOkAsync("audit", "list", "--action", "project.list", "--limit", "2", "--all", "-o", "json"))["auditLogs"]!.AsArray();
        Assert.Equal(3, all.Count);
        Assert.All(all, e => Assert.Equal(("token:root", "success", "127.0.0.1"),
            (e!["actor"]!.GetValue<string>(), e["outcome"]!.GetValue<string>(), e["sourceIp"]!.GetValue<string>())));

        var table = (await RunOkAsync("audit", "list", "--action", "project.created")).Out;
        Assert.Contains("project.created", table, StringComparison.Ordinal);
        Assert.DoesNotContain("project.list", table, StringComparison.Ordinal);

        var bad = await CliRun.RunAsync(["audit", "list", "--from", "yesterday"], Environment());
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("from", bad.Error, StringComparison.Ordinal);
    }

    private string DatabasePath => Path.Combine(TempDirectory, DataDirectory.DatabaseFile);

    private static string CopyOfEntry2(Guid id, string sequence) => $"""
        INSERT INTO audit_entries (id, at, actor, audit_action, resource_type, resource_id, project_id, details_json, identity_id, source_ip, outcome, request_id, seq, prev_hash, entry_hash)
        SELECT '{id}', at, 'token:forged', audit_action, resource_type, resource_id, project_id, details_json, identity_id, source_ip, outcome, request_id, {sequence}, prev_hash, entry_hash
        FROM audit_entries WHERE seq = 2
        """;

    private Dictionary<string, string> Environment() => new() { ["KEYTURN_ADDR"] = Server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token };

    private async Task<string> VerifyFailsAsync()
    {
        var result = await CliRun.RunAsync(["audit", "verify"], Environment());
        Assert.True(result.ExitCode == 1, $"verify exited {result.ExitCode}: {result.Out} {result.Error}");
        Assert.Contains("tampered", result.Error, StringComparison.Ordinal);
        return result.Error;
    }

    private async Task<(string Id, string Actor)> RowAsync(long sequence)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, actor FROM audit_entries WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", sequence);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }
}
