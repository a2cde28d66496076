using System.Security.Cryptography;
using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.TestProviders;
using Keyturn.TestProviders.Target;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>
/// The target file of a test rotation type, read by the test directly (never through a server), so what it shows
/// after a crash is what the target really holds. Its change log tells which slots Keyturn changed.
/// </summary>
public sealed class FileTarget : ICrashTarget
{
    private const string HumanLabel = "made by a person";
    private readonly string _type;
    private readonly string _token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private FileTarget(string type, TargetFile file) => (_type, File) = (type, file);

    public TargetFile File { get; }

    public string App => TestConnectionHandler.AppName;

    public object Parameters => new { note = "crash matrix" };

    public IReadOnlyDictionary<string, string> Mapping => _type switch
    {
        AdditiveTestProvider.TypeName => new Dictionary<string, string> { ["id"] = "TARGET_ID", ["secret"] = "TARGET_SECRET" },
        KeysTestProvider.TypeName => new Dictionary<string, string> { ["keyName"] = "KEY_NAME", ["key"] = "KEY" },
        _ => new Dictionary<string, string> { ["username"] = "DB_USER", ["password"] = "DB_PASSWORD" },
    };

    /// <summary>A fresh target of <paramref name="type"/>: a credential made by a person, or slots holding values no one rotated yet, or an account without a password.</summary>
    public static async Task<FileTarget> CreateAsync(string type, string directory)
    {
        var target = new FileTarget(type, new TargetFile(Path.Combine(directory, "target.json")));
        var state = new TargetState { AdminToken = target._token };
        switch (type)
        {
            case AdditiveTestProvider.TypeName:
                state.Credentials.Add(new TargetCredential("human", HumanLabel, "human-secret", null));
                break;
            case KeysTestProvider.TypeName:
                KeysTestProvider.SlotNames.ToList().ForEach(name => state.Slots[name] = $"initial-{name}");
                break;
            case UsersTestProvider.TypeName:
                UsersTestProvider.SlotNames.ToList().ForEach(name => state.Slots[name] = $"initial-{name}");
                break;
        }

        await TargetFile.CreateAsync(target.File.Path, state, CancellationToken.None);
        return target;
    }

    public object ConnectionBody(string name) => new { name, method = TestConnectionHandler.FileMethod, credentials = new { path = File.Path, token = _token } };

    public Task SetVerifyRefusedAsync(bool refused) => File.UpdateAsync(state => state.VerifyFails = refused, CancellationToken.None);

    public Task<bool> AcceptsAsync(IReadOnlyDictionary<string, string> values)
    {
        var state = File.Read();
        return Task.FromResult(_type switch
        {
            AdditiveTestProvider.TypeName => state.Credentials.Any(c => c.Id == values["id"] && c.Secret == values["secret"]),
            KeysTestProvider.TypeName => state.Slots.GetValueOrDefault(values["keyName"]) == values["key"],
            UsersTestProvider.TypeName => state.Slots.GetValueOrDefault(values["username"]) == values["password"],
            _ => state.Password is not null && state.Password == values["password"],
        });
    }

    public Task CheckHeldAsync(Guid rotationId, IReadOnlyList<RotationSlot> slots, HeldCredentials held)
    {
        var state = File.Read();
        switch (_type)
        {
            case AdditiveTestProvider.TypeName:
                var labelled = state.Credentials.Where(c => c.Label.StartsWith(RotationEngine.LabelPrefix(rotationId), StringComparison.Ordinal)).ToList();
                Assert.All(labelled, c => Assert.True(slots.Any(s => s.CredentialId == c.Id), $"orphan at the target: {c.Id} ({c.Label}) is in no slot"));
                Assert.All(slots, s => Assert.True(state.Credentials.Any(c => c.Id == s.CredentialId), $"slot {s.Index} holds {s.CredentialId}, which the target no longer has"));
                Assert.Contains(state.Credentials, c => c.Label == HumanLabel);
                break;
            case KeysTestProvider.TypeName or UsersTestProvider.TypeName:
                var (nameOutput, valueOutput) = _type == KeysTestProvider.TypeName ? ("keyName", "key") : ("username", "password");
                foreach (var (name, value) in state.Slots.Where(s => state.Changes.Any(c => c.Subject == s.Key)))
                {
                    Assert.True(held.Holds(valueOutput, value, nameOutput, name), $"the target's {name} was changed to a value Keyturn does not hold");
                }

                break;
            default:
                Assert.True(state.Changes.Count == 0 || held.Holds("password", state.Password!), "the target holds a password Keyturn does not know");
                break;
        }

        return Task.CompletedTask;
    }
}
