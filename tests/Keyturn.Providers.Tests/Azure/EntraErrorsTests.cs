using Azure.Identity;
using Keyturn.Providers.Azure;
using Microsoft.Identity.Client;

namespace Keyturn.Providers.Tests.Azure;

public sealed class EntraErrorsTests
{
    [Theory]
    [InlineData("invalid_client", true)]
    [InlineData("unauthorized_client", true)]
    [InlineData("invalid_request", false)]
    [InlineData("invalid_scope", false)]
    public void MayBePropagation_OAuthErrorWithoutErrorCodesArray_DependsOnTheErrorField(string error, bool expected)
    {
        // An Entra-compatible server that sends only {error, error_description}, as the OAuth spec requires.
        var msal = new MsalServiceException(error, "AADSTS7000215: Invalid client secret provided.") { ResponseBody = $$"""{"error":"{{error}}"}""" };

        Assert.Equal(expected, EntraErrors.MayBePropagation(new AuthenticationFailedException("refused", msal)));
    }

    [Fact]
    public void MayBePropagation_ErrorCodesArrayNamesInvalidSecret_IsTrue()
    {
        var msal = new MsalServiceException("other", "x") { ResponseBody = """{"error":"other","error_codes":[7000215]}""" };

        Assert.True(EntraErrors.MayBePropagation(new AuthenticationFailedException("refused", msal)));
    }

    [Fact]
    public void Describe_MultiLineMessage_KeepsTheFirstLine()
    {
        var msal = new MsalServiceException("invalid_client", "AADSTS7000215: Invalid client secret provided.\nTrace ID: 1\nCorrelation ID: 2");

        Assert.Equal("AADSTS7000215: Invalid client secret provided.", EntraErrors.Describe(new AuthenticationFailedException("refused", msal)));
    }
}
