namespace Keyturn.Bench.Micro;

/// <summary>
/// The SQL both backends' read benchmarks run through the bare drivers. <see cref="StoreGetSecret"/> copies the
/// statement SqlKeyturnStore.GetSecretAsync runs (src/Keyturn.Storage/SqlKeyturnStore.Secrets.cs), so the gap
/// between it and the store's own call is the store's layers rather than the query; the setup checks both return
/// the same ciphertext, which catches the copy drifting from the store.
/// </summary>
public static class StoreSql
{
    public const string StoreGetSecret = """
        SELECT s.id, s.folder_id, s.secret_key, v.version, v.ciphertext, s.owner_rotation_id, s.created_at, v.created_at
        FROM secrets s JOIN secret_versions v ON v.secret_id = s.id
         AND v.version = s.current_version WHERE s.folder_id = @folder_id AND s.secret_key = @key
        """;

    /// <summary>The baseline table: one row per secret, keyed by name, holding a ciphertext-sized value.</summary>
    public const string BareTable = "bare_secrets";

    public const string BareGetSecret = $"SELECT value FROM {BareTable} WHERE key = @key";

    /// <summary>Ordinal of the ciphertext in <see cref="StoreGetSecret"/>.</summary>
    public const int StoreCiphertextOrdinal = 4;
}
