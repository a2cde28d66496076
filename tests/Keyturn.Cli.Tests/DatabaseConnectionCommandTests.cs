namespace Keyturn.Cli.Tests;

public sealed class DatabaseConnectionCommandTests
{
    [Fact]
    public void ReadRequest_AllFlags_BuildsBody()
    {
        var (command, parse) = CliRun.Parse<DatabaseConnectionCommand>(
            "connection create postgres --name pg --host db.internal --port 6432 --database app --username keyturn_admin --password s3cret --ssl-mode require");

        Assert.Equal(
            """{"name":"pg","method":"username-password","credentials":{"host":"db.internal","port":6432,"database":"app","username":"keyturn_admin","password":"s3cret","sslMode":"require"}}""",
            ApiJson.Serialize(command.ReadRequest(parse, TextReader.Null)));
    }

    [Fact]
    public void ReadRequest_PasswordFromStdin_LeavesServerDefaultsOut()
    {
        var (command, parse) = CliRun.Parse<DatabaseConnectionCommand>("connection create mysql --name my --host 127.0.0.1 --username admin --password-stdin");

        Assert.Equal(
            """{"name":"my","method":"username-password","credentials":{"host":"127.0.0.1","username":"admin","password":"from-stdin"}}""",
            ApiJson.Serialize(command.ReadRequest(parse, new StringReader("from-stdin\n"))));
    }

    [Fact]
    public void Parse_UnknownSslMode_IsUsageError() =>
        Assert.NotEmpty(CliRun.ParseErrors("connection create mysql --name my --host h --username u --password p --ssl-mode sometimes"));
}
