using Keyturn.Providers.MySql;

namespace Keyturn.Providers.Tests.MySql;

public sealed class MySqlAccountTests
{
    [Theory]
    [InlineData("app_a", "app_a", "%")]
    [InlineData("app_a@10.0.%", "app_a", "10.0.%")]
    [InlineData("svc@localhost", "svc", "localhost")]
    [InlineData("svc@10.0.0.0/255.255.255.0", "svc", "10.0.0.0/255.255.255.0")]
    public void Parse_UserOrUserAtHost_SplitsWithAnyHostByDefault(string text, string user, string host) =>
        Assert.Equal(new MySqlAccount(user, host), MySqlAccount.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("app'@'%' IDENTIFIED BY 'x'; --")]
    [InlineData("app@")]
    [InlineData("app@host'")]
    [InlineData("a b")]
    [InlineData("app@h@h")]
    public void Parse_NameCarryingSqlOrEmptyPart_Null(string text) => Assert.Null(MySqlAccount.Parse(text));

    [Fact]
    public void ToString_IsUserAtHost() => Assert.Equal("app@%", MySqlAccount.Parse("app")!.ToString());
}
