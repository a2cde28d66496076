using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;

namespace Keyturn.Core.Tests.Rotation;

public sealed class StoredCredentialTests
{
    private static readonly DateTimeOffset End = new(2027, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deserialize_Serialized_KeepsTheAdoptedCredentialsExpiry()
    {
        // Recovery continues from the journaled credential, so the adopted slot gets its expiry after a crash too.
        var issued = new IssuedCredential("key", new Dictionary<string, string> { ["clientSecret"] = "s" }, End) { AdoptedExpiresAt = End.AddDays(-30) };

        var back = StoredCredential.Deserialize(StoredCredential.Serialize(issued));

        Assert.Equal(End, back.ExpiresAt);
        Assert.Equal(End.AddDays(-30), back.AdoptedExpiresAt);
    }

    [Fact]
    public void Deserialize_RecordFromBeforeAdoptedExpiry_HasNone()
    {
        var back = StoredCredential.Deserialize("""{"CredentialId":"key","Values":{},"ExpiresAt":null}""");

        Assert.Equal("key", back.CredentialId);
        Assert.Null(back.AdoptedExpiresAt);
    }
}
