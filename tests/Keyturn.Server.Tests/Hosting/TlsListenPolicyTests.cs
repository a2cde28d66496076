using Keyturn.Server.Hosting;

namespace Keyturn.Server.Tests.Hosting;

public sealed class TlsListenPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8200")]
    [InlineData("http://127.0.0.2:8200")]
    [InlineData("http://[::1]:8200")]
    [InlineData("http://localhost:8200")]
    [InlineData("http://LOCALHOST:0")]
    public void Check_LoopbackHttpWithoutCertificate_Passes(string url) =>
        TlsListenPolicy.Check([url], hasCertificate: false, insecureHttp: false);

    [Theory]
    [InlineData("http://0.0.0.0:8200")]
    [InlineData("http://[::]:8200")]
    [InlineData("http://*:8200")]
    [InlineData("http://+:8200")]
    [InlineData("http://10.1.2.3:8200")]
    [InlineData("http://keyturn.example:8200")]
    public void Check_NonLoopbackHttp_RefusedNamingTheUrlAndBothWaysOut(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => TlsListenPolicy.Check(["http://127.0.0.1:8200", url], hasCertificate: false, insecureHttp: false));

        Assert.Contains($"plain http on {url}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--tls-cert FILE --tls-key FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure-http", error.Message, StringComparison.Ordinal);
        TlsListenPolicy.Check([url], hasCertificate: false, insecureHttp: true);
    }

    [Fact]
    public void Check_NonLoopbackHttpsWithCertificate_Passes() =>
        TlsListenPolicy.Check(["https://0.0.0.0:8200"], hasCertificate: true, insecureHttp: false);

    [Fact]
    public void Check_HttpsWithoutCertificate_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TlsListenPolicy.Check(["https://127.0.0.1:8200"], hasCertificate: false, insecureHttp: false));

        Assert.Contains("https://127.0.0.1:8200 is https, but no certificate was given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CertificateWithoutHttpsUrl_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TlsListenPolicy.Check(["http://127.0.0.1:8200"], hasCertificate: true, insecureHttp: false));

        Assert.Contains("no --urls entry is https://", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NotAUrl_RefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => TlsListenPolicy.Check(["nonsense"], hasCertificate: false, insecureHttp: false));

        Assert.Contains("'nonsense' is not a URL to listen on", error.Message, StringComparison.Ordinal);
    }
}
