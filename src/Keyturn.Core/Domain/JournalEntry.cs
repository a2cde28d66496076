namespace Keyturn.Core.Domain;

/// <summary>
/// One step of a job: written with Phase "intent" before its side effect and "result" after it.
/// DataJson holds only non-secret facts; a secret that must survive a crash (the issued credential)
/// goes sealed into SealedSecret, in the same write as the result.
/// </summary>
public sealed record JournalEntry(
    Guid JobId,
    int Sequence,
    string Step,
    string Phase,
    string DataJson,
    byte[]? SealedSecret,
    DateTimeOffset At);
