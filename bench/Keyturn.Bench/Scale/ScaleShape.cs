namespace Keyturn.Bench.Scale;

/// <summary>
/// How much data the loaded installation holds and how it is laid out. Every rotation is an Azure client-secret
/// rotation that has run <see cref="VersionsPerSecret"/> times (one create, then scheduled runs), so each of its two
/// mapped secrets (client id, client secret) has that many versions and both dual-phase slots are filled.
/// </summary>
public sealed record ScaleShape(int Rotations, int RotationsPerProject, int RotationsPerFolder, int DueEvery)
{
    /// <summary>The figures: 100,000 rotations × 2 secrets × 5 versions = 1,000,000 versions.</summary>
    public static ScaleShape Full { get; } = new(100_000, 1_000, 20, 100);

    /// <summary>1 % of the data, for checking the harness.</summary>
    public static ScaleShape Quick { get; } = new(1_000, 1_000, 20, 100);

    public const int SecretsPerRotation = 2;

    /// <summary>Versions per mapped secret, which is also the number of jobs each rotation has run.</summary>
    public const int VersionsPerSecret = 5;

    /// <summary>Slots of a dual-phase rotation; after two or more runs both hold a credential.</summary>
    public const int SlotsPerRotation = 2;

    /// <summary>Entries in the journal of a scheduled run that revoked, issued, verified and activated.</summary>
    public const int JournalEntriesPerJob = 7;

    /// <summary>The three environments every project starts with (as ProjectService creates them).</summary>
    public static readonly (string Name, string Slug)[] Environments = [("Development", "dev"), ("Staging", "staging"), ("Production", "prod")];

    public int Projects => (Rotations + RotationsPerProject - 1) / RotationsPerProject;

    public long SecretVersions => (long)Rotations * SecretsPerRotation * VersionsPerSecret;

    /// <summary>Rotation i is due when i is a multiple of <see cref="DueEvery"/> (1 % spread evenly over the keys).</summary>
    public bool IsDue(int rotation) => rotation % DueEvery == 0;

    public int DueRotations => (Rotations + DueEvery - 1) / DueEvery;
}
