using Keyturn.Core.Domain;
using Keyturn.Tests.Shared.Databases;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>
/// Two accounts on a real database server (a scratch database made for the cell and dropped after it) whose passwords a
/// postgres-credentials or mysql-credentials rotation sets. Read by signing in, never through a server.
/// </summary>
public sealed class DatabaseTarget : ICrashTarget
{
    private readonly IScratchDatabase _db;

    private DatabaseTarget(IScratchDatabase db) => _db = db;

    public string App => _db.App;

    public object Parameters => new { username1 = _db.Accounts[0], username2 = _db.Accounts[1] };

    public IReadOnlyDictionary<string, string> Mapping { get; } = new Dictionary<string, string> { ["username"] = "DB_USER", ["password"] = "DB_PASSWORD" };

    public static async Task<DatabaseTarget> CreateAsync(string type) => new(await ScratchDatabases.CreateAsync(type));

    public object ConnectionBody(string name) => _db.ConnectionBody(name);

    /// <summary>The accounts are locked (NOLOGIN, ACCOUNT LOCK): every sign-in is refused whatever the password.</summary>
    public Task SetVerifyRefusedAsync(bool refused) => _db.SetLoginRefusedAsync(refused);

    public Task<bool> AcceptsAsync(IReadOnlyDictionary<string, string> values) => _db.CanLoginAsync(values["username"], values["password"]);

    /// <summary>Each account still has its first password, or one Keyturn holds for it (in a slot or the crashed job's journal).</summary>
    public async Task CheckHeldAsync(Guid rotationId, IReadOnlyList<RotationSlot> slots, HeldCredentials held)
    {
        Assert.Equal(_db.LoginNames.Order(), await _db.ExistingAccountsAsync());
        for (var slot = 0; slot < 2; slot++)
        {
            var login = _db.LoginNames[slot];
            if (await _db.CanLoginAsync(login, _db.InitialPasswords[slot]))
            {
                continue;
            }

            var candidates = held.All.Where(c => c.Values.GetValueOrDefault("username") == login).Select(c => c.Values["password"]).ToList();
            var anyWorks = false;
            foreach (var password in candidates)
            {
                anyWorks |= await _db.CanLoginAsync(login, password);
            }

            Assert.True(anyWorks, $"{login}'s password was changed to a value Keyturn does not hold ({candidates.Count} held for it)");
        }
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
