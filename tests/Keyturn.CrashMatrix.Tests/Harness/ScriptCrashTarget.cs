using Keyturn.Core.Domain;
using Keyturn.Providers.Local;
using Keyturn.Tests.Shared;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>
/// A `script` rotation's target: the password file a Keeper-style bash script changes, with the scripts in the server's
/// default scripts directory (DATA_DIR/scripts), so both the in-process host and a server process find them.
/// </summary>
public sealed class ScriptCrashTarget(ScriptTarget target) : ICrashTarget
{
    public string App => LocalConnectionHandler.AppName;

    public object Parameters => target.Parameters();

    public IReadOnlyDictionary<string, string> Mapping { get; } = new Dictionary<string, string> { ["username"] = "DB_USER", ["password"] = "DB_PASSWORD" };

    public IReadOnlyDictionary<string, string> Secrets => new Dictionary<string, string> { [ScriptTarget.AdminTokenSecret] = target.AdminToken };

    public static ScriptCrashTarget Create(string directory, string dataDirectory) =>
        new(ScriptTarget.Create(Path.Combine(dataDirectory, "scripts"), Path.Combine(directory, "script-target")));

    public object ConnectionBody(string name) => new { name, method = LocalConnectionHandler.NoneMethod };

    public Task SetVerifyRefusedAsync(bool refused)
    {
        target.SetVerifyRefused(refused);
        return Task.CompletedTask;
    }

    public Task<bool> AcceptsAsync(IReadOnlyDictionary<string, string> values) => Task.FromResult(target.Accepts(values["password"]));

    public Task CheckHeldAsync(Guid rotationId, IReadOnlyList<RotationSlot> slots, HeldCredentials held)
    {
        Assert.True(target.Changes == 0 || held.Holds("password", target.Password!), "the target holds a password Keyturn does not know");
        return Task.CompletedTask;
    }
}
