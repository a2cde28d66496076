using Keyturn.Core.Domain;
using Keyturn.Core.History;

namespace Keyturn.Core.Tests.History;

public sealed class JournalChangesTests
{
    private static readonly Guid Job = Guid.NewGuid();
    private static readonly byte[] Sealed = [1, 2, 3];

    [Fact]
    public void From_AdditiveRollback_RevokedIssuedRolledBackAllDone()
    {
        var changes = JournalChanges.From(
        [
            Entry(1, "revoke-inactive", "intent", """{"credentialId":"old","slot":1}"""),
            Entry(2, "revoke-inactive", "result", """{"credentialId":"old","slot":1}"""),
            Entry(3, "issue", "intent", """{"label":"Keyturn job"}"""),
            Entry(4, "issue", "result", """{"credentialId":"new"}""", Sealed),
            Entry(5, "verify", "intent", """{"credentialId":"new"}"""),
            Entry(6, "rollback", "intent", """{"credentialId":"new"}"""),
            Entry(7, "rollback", "result", """{"credentialId":"new"}"""),
            Entry(8, "fail", "result", """{"message":"no"}"""),
        ]);

        Assert.Equal(
        [
            new TargetChange("revoked", "revoke-inactive", "old", 1, null, "done"),
            new TargetChange("issued", "issue", "new", null, "Keyturn job", "done"),
            new TargetChange("rolled-back", "rollback", "new", null, null, "done"),
        ], changes);
    }

    [Fact]
    public void From_IntentWithoutResult_NotConfirmed()
    {
        var change = Assert.Single(JournalChanges.From([Entry(1, "issue", "intent", """{"label":"Keyturn job"}""")]));

        Assert.Equal(("issued", null, "not-confirmed"), (change.Kind, change.CredentialId, change.Outcome));
    }

    [Fact]
    public void From_SetIntentSealedOrNot_SetWhenTheEngineMadeTheValueRegeneratedWhenTheTargetDid()
    {
        var engine = JournalChanges.From([Entry(1, "set", "intent", """{"slot":0}""", Sealed), Entry(2, "set", "result", """{"credentialId":"user1"}""", Sealed)]);
        var target = JournalChanges.From([Entry(1, "set", "intent", """{"slot":1}"""), Entry(2, "set", "result", """{"credentialId":"key2"}""", Sealed)]);

        Assert.Equal(new TargetChange("set", "set", "user1", 0, null, "done"), Assert.Single(engine));
        Assert.Equal(new TargetChange("regenerated", "set", "key2", 1, null, "done"), Assert.Single(target));
    }

    [Fact]
    public void From_IntentRepeatedAfterAStop_OneChangeClosedByTheResult()
    {
        var changes = JournalChanges.From(
        [
            Entry(1, "set", "intent", """{"slot":0}""", Sealed),
            Entry(2, "set", "intent", """{"slot":0,"reapply":true}"""),
            Entry(3, "set", "result", """{"credentialId":"user1","reappliedRefused":true}""", Sealed),
        ]);

        Assert.Equal(new TargetChange("set", "set", "user1", 0, null, "done"), Assert.Single(changes));
    }

    [Fact]
    public void From_ActivationAdoptingACredential_AdoptedInTheOtherSlot()
    {
        var changes = JournalChanges.From(
        [
            Entry(1, "activate", "result", """{"slot":0,"credentialId":"new","secrets":[{"Key":"S","Version":1}],"adoptedCredentialId":"human"}"""),
            Entry(2, "adopt", "intent", """{"slot":1}"""),
        ]);

        Assert.Equal(
            [new TargetChange("adopted", "activate", "human", 1, null, "done"), new TargetChange("adopted", "adopt", null, 1, null, "not-confirmed")],
            changes);
    }

    [Fact]
    public void From_DataBeyondTheAllowList_NeverRead()
    {
        var change = Assert.Single(JournalChanges.From(
        [
            Entry(1, "set", "intent", """{"slot":"zero","password":"hunter2","credentialId":{"secret":"s3cr3t"}}""", Sealed),
            Entry(2, "verify", "result", """{"clientSecret":"s3cr3t"}"""),
        ]));

        Assert.Equal(new TargetChange("set", "set", null, null, null, "not-confirmed"), change);
    }

    private static JournalEntry Entry(int sequence, string step, string phase, string data, byte[]? sealedSecret = null) =>
        new(Job, sequence, step, phase, data, sealedSecret, DateTimeOffset.UnixEpoch);
}
