using Keyturn.Providers.Script;

namespace Keyturn.Providers.Tests.Script;

public sealed class SecretScrubberTests
{
    [Fact]
    public void Scrub_EverySecretMaskedLongestFirst()
    {
        var text = SecretScrubber.Scrub("old=abc new=abcdef again abcdef", ["abc", "abcdef", null, ""]);

        Assert.Equal("old=[redacted] new=[redacted] again [redacted]", text);
    }

    [Fact]
    public void Tail_CutAfterScrubbing_NoHalfSecretLeft()
    {
        var secret = new string('s', 10);
        var tail = SecretScrubber.Tail("x" + secret + "end", [secret], 12);

        Assert.Equal("redacted]end", tail);
        Assert.DoesNotContain("sss", tail);
    }
}
