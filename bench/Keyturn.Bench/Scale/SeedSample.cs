namespace Keyturn.Bench.Scale;

/// <summary>What the seeder wrote for one rotation, kept so the check can read it back and compare.</summary>
public sealed record SeedSample(
    Guid RotationId,
    Guid ProjectId,
    string EnvironmentSlug,
    Guid FolderId,
    string FolderPath,
    string Name,
    string ClientIdKey,
    string ClientSecretKey,
    string ClientId,
    string FirstClientSecret,
    string LatestClientSecret,
    string ActiveCredentialId,
    Guid LastJobId,
    bool IsDue,
    DateTimeOffset NextRotationAt);
