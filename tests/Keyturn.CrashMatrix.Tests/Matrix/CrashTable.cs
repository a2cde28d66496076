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
        [KeysFixedSlot] = [KeysTestProvider.TypeName],
        [UsersFixedSlot] = [UsersTestProvider.TypeName, PostgresCredentials, MySqlCredentials],
        [InPlace] = [PasswordTestProvider.TypeName, AzureEntraUserPassword],
    };

    public static IReadOnlyList<CrashRow> Rows { get; } = [.. AdditiveRows(), .. OverwriteRows(KeysFixedSlot), .. OverwriteRows(UsersFixedSlot), .. OverwriteRows(InPlace)];

    public static IEnumerable<CrashCell> Cells => Rows.SelectMany(row => TypesOf[row.Strategy].Select(type => new CrashCell(type, row)));

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
        foreach (var create in new[] { false, true })
        {
            foreach (var when in Whens)
            {
                yield return new(strategy, create, "set", when, false, SetRecovery(strategy, when, create), Outcome.Success);
            }

            foreach (var when in Whens)
            {
                yield return new(strategy, create, "verify", when, false, "Opens the set credential from the journal, verifies it and activates.", Outcome.Success);
                yield return new(strategy, create, "verify", when, true,
                    "Verifies the journaled credential; refused, it fails. The new value stays sealed in the job's journal.", create ? Outcome.Kept : Outcome.Failed);
            }

            yield return new(strategy, create, "activate", "before", false, "Verifies the journaled credential again and activates.", Outcome.Success);
            yield return new(strategy, create, "activate", "after", false, "Nothing: the activation had committed.", Outcome.Success);
        }
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
