using Keyturn.Core.Providers;
using Keyturn.Core.Providers.Failures;
using Keyturn.Core.Telemetry;

namespace Keyturn.Core.Tests.Telemetry;

public sealed class ProviderCallStatusTests
{
    [Theory]
    [InlineData(ProviderFailureKind.Rejected, "rejected")]
    [InlineData(ProviderFailureKind.Dns, "dns")]
    [InlineData(ProviderFailureKind.Refused, "refused")]
    [InlineData(ProviderFailureKind.Tls, "tls")]
    [InlineData(ProviderFailureKind.Timeout, "timeout")]
    public void Of_ClassifiedFailure_IsItsKind(ProviderFailureKind kind, string expected) =>
        Assert.Equal(expected, ProviderCallStatus.Of(new ProviderError("AADSTS7000215: Invalid client secret provided") { Kind = kind }));

    [Fact]
    public void Of_EveryKind_HasItsOwnWord() =>
        Assert.Equal(Enum.GetValues<ProviderFailureKind>().Length,
            Enum.GetValues<ProviderFailureKind>().Select(k => ProviderCallStatus.Of(new ProviderError("x") { Kind = k })).Where(s => s != ProviderCallStatus.Failed).Distinct().Count());

    [Fact]
    public void Of_SuccessAndUnclassified_OkAndFailed()
    {
        Assert.Equal("ok", ProviderCallStatus.Of(null));
        Assert.Equal("failed", ProviderCallStatus.Of(new ProviderError("The verify script exited 1.")));
    }
}
