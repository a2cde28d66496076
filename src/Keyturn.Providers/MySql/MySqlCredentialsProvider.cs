using Keyturn.Core.Providers;
using Keyturn.Providers.Database;

namespace Keyturn.Providers.MySql;

/// <summary>Two MySQL / MariaDB accounts whose passwords Keyturn sets alternately (ALTER USER 'user'@'host' IDENTIFIED BY …).</summary>
public sealed class MySqlCredentialsProvider(MySqlServer server) : DatabaseCredentialsProvider(server)
{
    public const string TypeName = "mysql-credentials";

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, MySqlConnectionHandler.AppName, RotationShape.FixedSlot, MaxSlots: 2,
        "Passwords of two MySQL or MariaDB accounts, set alternately: the account consumers do not use gets a new password, proven by signing in as it, then mapped; the other keeps working until the next rotation.",
        DatabaseCredentialsParameters.Specs(MySqlAccount.Rule, "account (user or user@host; host defaults to %)", DefaultPolicy.Describe()),
        DatabaseOutputs,
        DefaultPolicy);

    /// <summary>Stored as user@host, so 'app' and 'app@%' are one account.</summary>
    protected override DatabaseCredentialsParameters? Parse(ParameterReader reader) =>
        DatabaseCredentialsParameters.Parse(reader, MySqlAccount.Rule, name => MySqlAccount.Parse(name)?.ToString());

    protected override string LoginName(string account) => MySqlAccount.Parse(account)?.User ?? account;
}
