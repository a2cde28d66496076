using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task GetSchemaVersionAsync_Initialized_AppliedIsExpected()
    {
        var version = await Store.GetSchemaVersionAsync(Ct);

        Assert.True(version.IsCurrent, $"applied {version.Applied}, expected {version.Expected}");
        Assert.True(version.Expected > 1);
    }

    [ContractFact]
    public async Task GetSchemaVersionAsync_NewestVersionRecordGone_BehindByOne()
    {
        await using (var connection = CreateRawConnection())
        {
            await connection.OpenAsync(Ct);
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)";
            await delete.ExecuteNonQueryAsync(Ct);
        }

        var version = await Store.GetSchemaVersionAsync(Ct);

        Assert.False(version.IsCurrent);
        Assert.Equal(version.Expected - 1, version.Applied);
    }
}
