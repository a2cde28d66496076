using Keyturn.Providers.RestApi;
using Keyturn.Providers.Script;
using Keyturn.TestProviders;

namespace Keyturn.CrashMatrix.Tests.Matrix;

/// <summary>
/// The crash table: for every strategy, every step it has, before and after its side effect, what recovery does and how
/// the rotation ends. The single source of the theory data and of the table in docs/rotation-engine.md.
/// </summary>
public static class CrashTable
{
    public const string Additive = "additive";
    public const string KeysFixedSlot = "fixed-slot, target-generated";
    public const string UsersFixedSlot = "fixed-slot, engine-generated";
    public const string InPlace = "in-place";
    public const string AzureClientSecret = "azure-client-secret";
    public const string AzureEntraUserPassword = "azure-entra-user-password";
    public const string AzureStorageAccountKey = "azure-storage-account-key";

    /// <summary>
    /// Fixed-slot types whose create adopts the slot's current value instead of regenerating it: their create rows have
    /// an adopt step and no set step (a create never regenerates), and a refused verify keeps nothing (nothing changed).
    /// </summary>
    public static readonly IReadOnlySet<string> AdoptOnCreate = new HashSet<string> { AzureStorageAccountKey };
    public const string PostgresCredentials = "postgres-credentials";
    public const string MySqlCredentials = "mysql-credentials";

    /// <summary>Types whose cells need the test database servers (DatabaseCrashTests runs them, skipped locally without the servers).</summary>
    public static readonly string[] DatabaseTypes = [PostgresCredentials, MySqlCredentials];

    // Declared before Rows: static fields initialise in textual order.
    private static readonly string[] Whens = ["before", "after"];

    /// <summary>The rotation types that run each strategy's rows.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> TypesOf = new Dictionary<string, string[]>
    {
        [Additive] = [AdditiveTestProvider.TypeName, AzureClientSecret],
        [KeysFixedSlot] = [KeysTestProvider.TypeName, AzureStorageAccountKey],
        [UsersFixedSlot] = [UsersTestProvider.TypeName, PostgresCredentials, MySqlCredentials],
        [InPlace] = [PasswordTestProvider.TypeName, AzureEntraUserPassword, ScriptProvider.TypeName, RestApiProvider.TypeName],
    };

    public static IReadOnlyList<CrashRow> Rows { get; } =
        [.. AdditiveRows(), .. OverwriteRows(KeysFixedSlot), .. AdoptingCreateRows(), .. OverwriteRows(UsersFixedSlot), .. OverwriteRows(InPlace)];

    public static IEnumerable<CrashCell> Cells => Rows.SelectMany(row => TypesOf[row.Strategy]
        .Where(type => row.Adopts is null || row.Adopts == AdoptOnCreate.Contains(type))
        .Select(type => new CrashCell(type, row)));

    /// <summary>The types a row runs for: a create row of a strategy with adopting types runs only for its own kind of create.</summary>
    public static IEnumerable<string> TypesFor(CrashRow row) => TypesOf[row.Strategy].Where(type => row.Adopts is null || row.Adopts == AdoptOnCreate.Contains(type));

    public static CrashCell Find(string name) => Cells.Single(c => c.Name == name);

    /// <summary>Theory data: the cells of the given types, by name.</summary>
    public static TheoryData<string> Names(params string[] types) => [.. Cells.Where(c => types.Contains(c.Type)).Select(c => c.Name)];

    private static IEnumerable<CrashRow> AdditiveRows()
    {
        foreach (var create in new[] { false, true })
        {
            var failed = create ? Outcome.Removed : Outcome.Failed;
            if (!create)
            {
                // A create fills an empty slot, so only later runs revoke first.
                foreach (var when in Whens)
                {
                    yield return new(Additive, create, "revoke-inactive", when, false, "Repeats the revoke (already gone is success), empties the slot and fails.", failed);
                }
            }

            yield return new(Additive, create, "issue", "before", false, "Lists the target's credentials carrying the job's label (none) and fails.", failed);
            yield return new(Additive, create, "issue", "after", false, "Finds the credential by the job's label, revokes it and fails.", failed);
            foreach (var when in Whens)
            {
                yield return new(Additive, create, "verify", when, false, "Opens the issued credential from the journal, verifies it and activates.", Outcome.Success);
                yield return new(Additive, create, "verify", when, true, "Verifies the journaled credential; refused, it revokes it (rollback) and fails.", failed);
            }

            yield return new(Additive, create, "activate", "before", false, "Verifies the journaled credential again and activates.", Outcome.Success);
            yield return new(Additive, create, "activate", "after", false, "Nothing: the activation had committed.", Outcome.Success);
            yield return new(Additive, create, "rollback", "before", true, "Finishes the rollback: revokes the unused credential and fails.", failed);
            yield return new(Additive, create, "rollback", "after", true, "Repeats the rollback's revoke (already gone) and fails.", failed);
        }
    }

    private static IEnumerable<CrashRow> OverwriteRows(string strategy)
    {
        // Where some types of the strategy adopt on create, these create rows are the regenerating types' only.
        bool? adopts = TypesOf[strategy].Any(AdoptOnCreate.Contains) ? false : null;
        foreach (var create in new[] { false, true })
        {
            var only = create ? adopts : null;
            foreach (var when in Whens)
            {
                yield return new(strategy, create, "set", when, false, SetRecovery(strategy, when, create), Outcome.Success) { Adopts = only };
            }

            foreach (var when in Whens)
            {
                yield return new(strategy, create, "verify", when, false, "Opens the set credential from the journal, verifies it and activates.", Outcome.Success) { Adopts = only };
                yield return new(strategy, create, "verify", when, true,
                    "Verifies the journaled credential; refused, it fails. The new value stays sealed in the job's journal.", create ? Outcome.Kept : Outcome.Failed) { Adopts = only };
            }

            yield return new(strategy, create, "activate", "before", false, "Verifies the journaled credential again and activates.", Outcome.Success) { Adopts = only };
            yield return new(strategy, create, "activate", "after", false, "Nothing: the activation had committed.", Outcome.Success) { Adopts = only };
        }
    }

    /// <summary>
    /// The create of a type that adopts the current value: it only reads (listKeys), so there is no set step to crash in,
    /// and a create that cannot finish changed nothing at the target and keeps nothing. Later runs regenerate and use
    /// the strategy's run rows.
    /// </summary>
    private static IEnumerable<CrashRow> AdoptingCreateRows()
    {
        foreach (var when in Whens)
        {
            yield return new(KeysFixedSlot, true, "adopt", when, false,
                "Reads the slot's current value again (adopting only reads, so reading twice is harmless), verifies it and activates.", Outcome.Success) { Adopts = true };
        }

        foreach (var when in Whens)
        {
            yield return new(KeysFixedSlot, true, "verify", when, false, "Opens the adopted credential from the journal, verifies it and activates.", Outcome.Success) { Adopts = true };
            yield return new(KeysFixedSlot, true, "verify", when, true,
                "Verifies the adopted credential; refused, it fails. Nothing changed at the target, so the create keeps nothing.", Outcome.Removed) { Adopts = true };
        }

        yield return new(KeysFixedSlot, true, "activate", "before", false, "Verifies the adopted credential again and activates.", Outcome.Success) { Adopts = true };
        yield return new(KeysFixedSlot, true, "activate", "after", false, "Nothing: the activation had committed.", Outcome.Success) { Adopts = true };
    }

    private static string SetRecovery(string strategy, string when, bool create) => (strategy, when) switch
    {
        (KeysFixedSlot, "before") => "Reads the slot back (the regenerate never ran, so the value is the slot's previous one), verifies it and activates.",
        (KeysFixedSlot, _) => "Reads the regenerated key back, verifies it and activates.",
        (UsersFixedSlot, _) => "Re-applies the journaled password (setting it twice is harmless), verifies it and activates.",
        (_, "before") => create
            ? "Re-applies the journaled password (a fresh account takes it; Entra takes an administrator's reset), verifies it and activates."
            : "Re-applies the journaled password (the current one still authorises it; Entra takes an administrator's reset), verifies it and activates.",
        _ => "Re-applies the journaled password where the target allows it (Entra: an administrator's reset, harmless twice); where refused "
            + "(test-password: the password that authorised it is gone), verifies the journaled value and activates it.",
    };
}
