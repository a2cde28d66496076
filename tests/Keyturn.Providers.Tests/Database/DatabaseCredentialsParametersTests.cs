using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Providers.Database;
using Keyturn.Providers.MySql;
using Keyturn.Providers.Postgres;

namespace Keyturn.Providers.Tests.Database;

public sealed class DatabaseCredentialsParametersTests
{
    [Fact]
    public void ParseParameters_MySqlUserWithoutHost_StoredAsUserAtAnyHost()
    {
        var parsed = Parse(new MySqlCredentialsProvider(new MySqlServer()), """{"username1":"app_a","username2":"app_b@10.0.%"}""", out _);

        Assert.Equal(new DatabaseCredentialsParameters("app_a@%", "app_b@10.0.%"), parsed);
    }

    [Fact]
    public void ParseParameters_SameAccountTwice_RefusedOnUsername2()
    {
        Assert.Null(Parse(new MySqlCredentialsProvider(new MySqlServer()), """{"username1":"app","username2":"app@%"}""", out var errors));

        Assert.Contains("username2", errors.ToDictionary().Keys);
    }

    [Fact]
    public void ParseParameters_PostgresNameWithSqlAndUnknownField_NamesBoth()
    {
        Assert.Null(Parse(new PostgresCredentialsProvider(new PostgresServer()), """{"username1":"a\"; DROP ROLE b; --","username2":"b","host":"x"}""", out var errors));

        Assert.Equal(PostgresRoleName.Rule, Assert.Single(errors.ToDictionary()["username1"]));
        Assert.Contains("host", errors.ToDictionary().Keys);
    }

    private static DatabaseCredentialsParameters? Parse(DatabaseCredentialsProvider provider, string json, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        return (DatabaseCredentialsParameters?)provider.ParseParameters(JsonDocument.Parse(json).RootElement, errors);
    }
}
