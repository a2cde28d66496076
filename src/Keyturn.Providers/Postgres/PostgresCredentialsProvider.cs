using Keyturn.Core.Providers;
using Keyturn.Providers.Database;

namespace Keyturn.Providers.Postgres;

/// <summary>Two PostgreSQL login roles whose passwords Keyturn sets alternately (ALTER ROLE … PASSWORD with a SCRAM verifier).</summary>
public sealed class PostgresCredentialsProvider(PostgresServer server) : DatabaseCredentialsProvider(server)
{
    public const string TypeName = "postgres-credentials";

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, PostgresConnectionHandler.AppName, RotationShape.FixedSlot, MaxSlots: 2,
        "Passwords of two PostgreSQL roles, set alternately: the role consumers do not use gets a new password, proven by signing in as it, then mapped; the other keeps working until the next rotation.",
        DatabaseCredentialsParameters.Specs(PostgresRoleName.Rule, "login role", DefaultPolicy.Describe()),
        DatabaseOutputs,
        DefaultPolicy);

    protected override DatabaseCredentialsParameters? Parse(ParameterReader reader) =>
        DatabaseCredentialsParameters.Parse(reader, PostgresRoleName.Rule, name => PostgresRoleName.IsValid(name) ? name : null);
}
