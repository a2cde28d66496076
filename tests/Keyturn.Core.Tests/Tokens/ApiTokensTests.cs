using System.Security.Cryptography;
using System.Text;
using Keyturn.Core.Tokens;

namespace Keyturn.Core.Tests.Tokens;

public sealed class ApiTokensTests
{
    [Fact]
    public void Hash_Token_IsSha256OfItsUtf8Bytes()
    {
        var token = ApiTokens.Generate();

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), ApiTokens.Hash(token));
    }

    [Fact]
    public void Hash_KnownToken_MatchesPublishedSha256()
    {
        // SHA-256("abc") from FIPS 180-2, appendix B.1: pins the algorithm, not just agreement with SHA256.HashData.
        Assert.Equal(
            Convert.FromHexString("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"),
            ApiTokens.Hash("abc"));
    }

    [Fact]
    public void Generate_TwoCalls_DistinctPrefixedUrlSafeTokens()
    {
        var first = ApiTokens.Generate();
        var second = ApiTokens.Generate();

        Assert.NotEqual(first, second);
        Assert.StartsWith(ApiTokens.Prefix, first);
        // 32 random bytes are 43 base64url characters without padding.
        Assert.Matches("^kt_[A-Za-z0-9_-]{43}$", first);
    }
}
