using System.Net;
using Keyturn.Providers.RestApi;

namespace Keyturn.Providers.Tests.RestApi;

public sealed class OutboundAllowListTests
{
    [Fact]
    public void Allows_NameAndPort_DefaultPort443()
    {
        var list = OutboundAllowList.Parse(["api.example.com, 127.0.0.1:8443", "[::1]:9000"]);

        Assert.True(list.Allows("API.example.com.", 443));
        Assert.False(list.Allows("api.example.com", 8443));
        Assert.True(list.Allows("127.0.0.1", 8443));
        Assert.True(list.Allows("::1", 9000));
        Assert.False(list.Allows("other.example.com", 443));
        Assert.Equal(["api.example.com:443", "127.0.0.1:8443", "[::1]:9000"], list.Entries);
    }

    [Fact]
    public void Empty_AllowsNothing() => Assert.False(OutboundAllowList.Empty.Allows("api.example.com", 443));

    [Theory]
    [InlineData("https://api.example.com")]
    [InlineData("user@host")]
    [InlineData("host/path")]
    [InlineData("host:notaport")]
    public void Parse_NotHostPort_Throws(string entry) => Assert.Throws<ArgumentException>(() => OutboundAllowList.Parse([entry]));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void AllowsAddress_NonPublicNotListed_False(string address) =>
        Assert.False(OutboundAllowList.Parse(["api.example.com"]).AllowsAddress(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    public void AllowsAddress_Public_True(string address) => Assert.True(OutboundAllowList.Empty.AllowsAddress(IPAddress.Parse(address)));

    [Fact]
    public void AllowsAddress_NonPublicListedByAddress_True()
    {
        var list = OutboundAllowList.Parse(["10.0.0.5:8443"]);

        Assert.True(list.AllowsAddress(IPAddress.Parse("10.0.0.5")));
        Assert.False(list.AllowsAddress(IPAddress.Parse("10.0.0.6")));
    }
}
