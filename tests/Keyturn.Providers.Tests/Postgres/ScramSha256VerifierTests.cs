using Keyturn.Providers.Postgres;

namespace Keyturn.Providers.Tests.Postgres;

public sealed class ScramSha256VerifierTests
{
    /// <summary>RFC 7677's password and salt; the expected keys were computed independently (Python hashlib/hmac).</summary>
    [Fact]
    public void Compute_Rfc7677Salt_MatchesIndependentlyComputedVerifier()
    {
        var verifier = ScramSha256Verifier.Compute("pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

        Assert.Equal("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=", verifier);
    }

    [Fact]
    public void Compute_SamePasswordTwice_FreshSaltEachTime() =>
        Assert.NotEqual(ScramSha256Verifier.Compute("Same-password-1"), ScramSha256Verifier.Compute("Same-password-1"));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public void Compute_TextSaslPrepWouldChangeOrRefuse_Throws(string password) =>
        Assert.Throws<ArgumentException>(() => ScramSha256Verifier.Compute(password));
}
