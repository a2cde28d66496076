namespace Keyturn.Providers.Script;

/// <summary>Removes every known secret value from text a script wrote, before it becomes a failure message.</summary>
internal static class SecretScrubber
{
    public const string Mask = "[redacted]";

    public static string Scrub(string text, IEnumerable<string?> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        foreach (var secret in secrets.OfType<string>().Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The last <paramref name="maxChars"/> characters, scrubbed first so a cut cannot leave half a secret readable.</summary>
    public static string Tail(string text, IEnumerable<string?> secrets, int maxChars)
    {
        var scrubbed = Scrub(text, secrets);
        return scrubbed.Length > maxChars ? scrubbed[^maxChars..] : scrubbed;
    }
}
