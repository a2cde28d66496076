namespace Keyturn.Bench.Micro;

/// <summary>Setup checks for the read benchmarks: each way of reading must bring back the seeded ciphertext.</summary>
public static class ReadCheck
{
    public static void Same(byte[]? actual, byte[] expected, string benchmark, string what)
    {
        if (actual is null || !actual.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException($"{benchmark}: {what} did not return the seeded secret's ciphertext.");
        }
    }
}
