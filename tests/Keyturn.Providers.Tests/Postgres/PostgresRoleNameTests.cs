using Keyturn.Providers.Postgres;

namespace Keyturn.Providers.Tests.Postgres;

public sealed class PostgresRoleNameTests
{
    [Theory]
    [InlineData("app_a")]
    [InlineData("App.Reader-2")]
    [InlineData("_svc$1")]
    public void IsValid_OrdinaryRoleName_True(string name) => Assert.True(PostgresRoleName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("app\"; DROP ROLE b; --")]
    [InlineData("app a")]
    [InlineData("app'")]
    [InlineData("-lead")]
    [InlineData("a\0b")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void IsValid_NameCarryingSqlOrTooLong_False(string name) => Assert.False(PostgresRoleName.IsValid(name));

    [Fact]
    public void Quote_DoubleQuote_IsDoubled() => Assert.Equal("\"a\"\"b\"", PostgresRoleName.Quote("a\"b"));

    [Fact]
    public void Quote_Nul_Throws() => Assert.Throws<ArgumentException>(() => PostgresRoleName.Quote("a\0b"));
}
