using Keyturn.Core.Providers.Failures;

namespace Keyturn.Providers.Tests.Errors;

/// <summary>The one-line failure text: code first, each piece once, cut only between words.</summary>
public sealed class FailureTextTests
{
    [Fact]
    public void Compose_PutsTheCodeFirstAndTheContextLast()
    {
        Assert.Equal("AADSTS7000215: Invalid client secret provided. (Entra refused the connection's credentials)",
            FailureText.Compose("AADSTS7000215", "Invalid client secret provided.", "Entra refused the connection's credentials"));
    }

    [Fact]
    public void Compose_TextAlreadyStartingWithTheCode_SaysTheCodeOnce()
    {
        var line = FailureText.Compose("AADSTS7000215", "AADSTS7000215: Invalid client secret provided.");

        Assert.Equal("AADSTS7000215: Invalid client secret provided.", line);
    }

    [Fact]
    public void Compose_RepeatedSentencesAndLineBreaks_AreSaidOnceOnOneLine()
    {
        var line = FailureText.Compose("28P01", "password authentication failed for user \"app\".\r\n  password authentication failed for user \"app\".", "PostgreSQL refused app");

        Assert.Equal("28P01: password authentication failed for user \"app\". (PostgreSQL refused app)", line);
    }

    [Fact]
    public void Compose_ContextAlreadySaid_IsNotRepeated()
    {
        Assert.Equal("Timed out: no answer", FailureText.Compose("Timed out", "no answer", "no answer"));
    }

    [Fact]
    public void Trim_LongText_CutsAtAWordBoundaryWithAnEllipsis()
    {
        var words = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}"));

        var trimmed = FailureText.Trim(words);

        Assert.True(trimmed.Length <= FailureText.Limit, $"{trimmed.Length} characters");
        Assert.EndsWith("…", trimmed);
        var lastWord = trimmed[..^1].Split(' ')[^1];
        Assert.Contains(lastWord, words.Split(' '));
    }

    [Fact]
    public void Trim_TextWithinTheLimit_IsUnchanged()
    {
        var text = new string('a', 10) + " " + new string('b', FailureText.Limit - 11);

        Assert.Equal(text, FailureText.Trim(text));
    }

    [Fact]
    public void Compose_EntraLengthExplanation_IsKeptWhole()
    {
        // Entra's full explanation is about 250 characters: the old 300-character cut fell mid-word once "Entra refused …: " led it.
        const string explanation = "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '3c9b1a47-5a3e-4d0f-9d39-b8e6a1f0c2d4'.";

        var line = FailureText.Compose("AADSTS7000215", explanation, "Entra refused the connection's credentials");

        Assert.Contains(explanation, line);
        Assert.DoesNotContain("…", line);
    }
}
