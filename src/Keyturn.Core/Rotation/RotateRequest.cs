namespace Keyturn.Core.Rotation;

/// <summary>What an attempt is for, beyond which rotation.</summary>
/// <param name="Trigger">One of <see cref="JobTriggers"/>.</param>
/// <param name="RequestedBy">
/// The person who asked through the API, or null (scheduler, create): their "rotate-requested" audit entry, with the
/// outcome, commits in the attempt's final transaction (activation or failure) rather than in a write of its own.
/// </param>
/// <param name="Type">When set, a rotation of another type is answered as not found, as if it did not exist.</param>
public sealed record RotateRequest(string Trigger, string? RequestedBy = null, string? Type = null);
