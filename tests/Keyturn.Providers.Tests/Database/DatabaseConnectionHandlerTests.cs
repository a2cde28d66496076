using System.Text.Json;
using Keyturn.Providers.Database;
using Keyturn.Providers.MySql;
using Keyturn.Providers.Postgres;

namespace Keyturn.Providers.Tests.Database;

/// <summary>Parsing only (no network): the split into stored configuration and sealed credentials, and the 400 rules.</summary>
public sealed class DatabaseConnectionHandlerTests
{
    [Fact]
    public void Parse_PostgresWithDefaults_PasswordOnlyInCredentials()
    {
        var parsed = new PostgresConnectionHandler(new PostgresServer()).Parse(Body("""{"credentials":{"host":"db.internal","database":"app","username":"admin","password":"p@ss"}}"""));

        Assert.True(parsed.IsSuccess);
        Assert.Equal("username-password", parsed.Value.Method);
        Assert.Equal(new DatabaseEndpoint("db.internal", 5432, "app", "admin", "verify-full"), DatabaseEndpoint.FromJson(Body(parsed.Value.ConfigurationJson)));
        Assert.DoesNotContain("p@ss", parsed.Value.ConfigurationJson);
        Assert.Equal("""{"password":"p@ss"}""", parsed.Value.CredentialsJson);
    }

    [Fact]
    public void Parse_MySqlWithoutDatabase_DefaultPort3306()
    {
        var parsed = new MySqlConnectionHandler(new MySqlServer()).Parse(Body("""{"method":"username-password","credentials":{"host":"127.0.0.1","username":"admin","password":"p","sslMode":"disable"}}"""));

        Assert.True(parsed.IsSuccess);
        Assert.Equal(new DatabaseEndpoint("127.0.0.1", 3306, null, "admin", "disable"), DatabaseEndpoint.FromJson(Body(parsed.Value.ConfigurationJson)));
    }

    [Fact]
    public void Parse_PostgresWithoutDatabaseOrCredentials_NamesEachField()
    {
        var handler = new PostgresConnectionHandler(new PostgresServer());

        Assert.Contains("credentials.database", handler.Parse(Body("""{"credentials":{"host":"h","username":"u","password":"p"}}""")).Problem!.Errors!.Keys);
        Assert.Contains("credentials", handler.Parse(Body("{}")).Problem!.Errors!.Keys);
    }

    [Fact]
    public void DatabaseLogin_ToString_LeavesThePasswordOut() =>
        Assert.DoesNotContain("hunter2", new DatabaseLogin(new DatabaseEndpoint("h", 1, null, "u", "disable"), "u", "hunter2").ToString());

    private static JsonElement Body(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
