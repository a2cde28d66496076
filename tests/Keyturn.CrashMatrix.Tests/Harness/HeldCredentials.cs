namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>Every credential Keyturn holds for a rotation after recovery: its slots' and those sealed in the crashed job's journal.</summary>
public sealed record HeldCredentials(IReadOnlyList<HeldCredential> Slots, IReadOnlyList<HeldCredential> Journal)
{
    public IEnumerable<HeldCredential> All => Slots.Concat(Journal);

    /// <summary>Whether any held credential has <paramref name="output"/> = <paramref name="value"/> (and, if given, <paramref name="nameOutput"/> = <paramref name="name"/>).</summary>
    public bool Holds(string output, string value, string? nameOutput = null, string? name = null) =>
        All.Any(c => c.Values.GetValueOrDefault(output) == value && (nameOutput is null || c.Values.GetValueOrDefault(nameOutput) == name));
}

public sealed record HeldCredential(string CredentialId, IReadOnlyDictionary<string, string> Values);
