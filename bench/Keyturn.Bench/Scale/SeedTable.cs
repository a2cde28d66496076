namespace Keyturn.Bench.Scale;

/// <summary>What a column holds, so each bulk writer encodes it the way the store's Statement does for its backend.</summary>
public enum ColumnKind { Id, Text, Bytes, Bool, Int, Time }

public sealed record SeedColumn(string Name, ColumnKind Kind);

/// <summary>
/// A table the bulk seeder fills, with its columns in the order of src/Keyturn.Storage/Sql/Migrations.cs.
/// A row is an object?[] of domain values (Guid, string, byte[], bool, int, DateTimeOffset) in that order.
/// </summary>
public sealed record SeedTable(string Name, IReadOnlyList<SeedColumn> Columns)
{
    private static SeedColumn C(string name, ColumnKind kind) => new(name, kind);

    public static readonly SeedTable Folders = new("folders",
        [C("id", ColumnKind.Id), C("environment_id", ColumnKind.Id), C("path", ColumnKind.Text), C("created_at", ColumnKind.Time)]);

    public static readonly SeedTable Rotations = new("rotations",
    [
        C("id", ColumnKind.Id), C("project_id", ColumnKind.Id), C("environment_id", ColumnKind.Id), C("folder_id", ColumnKind.Id),
        C("rotation_type", ColumnKind.Text), C("name", ColumnKind.Text), C("description", ColumnKind.Text), C("connection_id", ColumnKind.Id),
        C("is_auto_rotation_enabled", ColumnKind.Bool), C("rotation_interval", ColumnKind.Int), C("rotate_at_hours", ColumnKind.Int),
        C("rotate_at_minutes", ColumnKind.Int), C("parameters_json", ColumnKind.Text), C("secrets_mapping_json", ColumnKind.Text),
        C("active_index", ColumnKind.Int), C("rotation_status", ColumnKind.Text), C("last_rotation_message", ColumnKind.Text),
        C("last_rotation_attempted_at", ColumnKind.Time), C("last_rotated_at", ColumnKind.Time), C("last_rotation_job_id", ColumnKind.Id),
        C("last_rotation_was_manual", ColumnKind.Bool), C("next_rotation_at", ColumnKind.Time), C("created_at", ColumnKind.Time),
        C("updated_at", ColumnKind.Time), C("lease_owner", ColumnKind.Text), C("lease_until", ColumnKind.Time),
    ]);

    public static readonly SeedTable Slots = new("rotation_slots",
    [
        C("rotation_id", ColumnKind.Id), C("slot_index", ColumnKind.Int), C("credential_id", ColumnKind.Text),
        C("sealed_credential", ColumnKind.Bytes), C("job_id", ColumnKind.Id), C("issued_at", ColumnKind.Time),
    ]);

    public static readonly SeedTable Secrets = new("secrets",
    [
        C("id", ColumnKind.Id), C("folder_id", ColumnKind.Id), C("secret_key", ColumnKind.Text), C("current_version", ColumnKind.Int),
        C("owner_rotation_id", ColumnKind.Id), C("created_at", ColumnKind.Time), C("updated_at", ColumnKind.Time),
    ]);

    public static readonly SeedTable SecretVersions = new("secret_versions",
        [C("secret_id", ColumnKind.Id), C("version", ColumnKind.Int), C("ciphertext", ColumnKind.Bytes), C("created_at", ColumnKind.Time)]);

    public static readonly SeedTable Jobs = new("rotation_jobs",
    [
        C("id", ColumnKind.Id), C("rotation_id", ColumnKind.Id), C("trigger_kind", ColumnKind.Text), C("status", ColumnKind.Text),
        C("target_slot", ColumnKind.Int), C("started_at", ColumnKind.Time), C("ended_at", ColumnKind.Time), C("message", ColumnKind.Text),
    ]);

    public static readonly SeedTable Journal = new("journal_entries",
    [
        C("job_id", ColumnKind.Id), C("seq", ColumnKind.Int), C("step", ColumnKind.Text), C("phase", ColumnKind.Text),
        C("data_json", ColumnKind.Text), C("sealed_secret", ColumnKind.Bytes), C("at", ColumnKind.Time),
    ]);

    /// <summary>Parents before children, so foreign keys hold after every batch.</summary>
    public static readonly IReadOnlyList<SeedTable> InsertOrder = [Folders, Rotations, Secrets, SecretVersions, Slots, Jobs, Journal];
}
