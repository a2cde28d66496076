using Keyturn.Core.Domain;
using Keyturn.Core.Identities;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task CreateMembershipAsync_ReadBackWithScopesByProjectAndIdentity()
    {
        var (project, identity) = await SeedMembershipPartiesAsync("billing");
        var scoped = new ProjectMembership(Guid.NewGuid(), project.Id, identity.Id, "developer", ["dev", "prod"], ["/api", "/db"], T0);

        await Store.CreateMembershipAsync(scoped, Ct);

        AssertSameMembership(scoped, await Store.GetMembershipAsync(project.Id, scoped.Id, Ct));
        AssertSameMembership(scoped, Assert.Single(await Store.ListMembershipsAsync(project.Id, Ct)));
        AssertSameMembership(scoped, Assert.Single(await Store.ListMembershipsOfIdentityAsync(identity.Id, Ct)));
        Assert.Null(await Store.GetMembershipAsync(Guid.NewGuid(), scoped.Id, Ct));
    }

    [ContractFact]
    public async Task CreateMembershipAsync_NullScopes_ReadBackAsNull()
    {
        var (project, identity) = await SeedMembershipPartiesAsync("billing");
        var everywhere = new ProjectMembership(Guid.NewGuid(), project.Id, identity.Id, "viewer", null, null, T0);

        await Store.CreateMembershipAsync(everywhere, Ct);

        var stored = await Store.GetMembershipAsync(project.Id, everywhere.Id, Ct);
        Assert.NotNull(stored);
        Assert.Null(stored.Environments);
        Assert.Null(stored.SecretPathPrefixes);
    }

    [ContractFact]
    public async Task CreateMembershipAsync_SecondForSamePair_ConflictsAndKeepsFirst()
    {
        var (project, identity) = await SeedMembershipPartiesAsync("billing");
        var first = new ProjectMembership(Guid.NewGuid(), project.Id, identity.Id, "viewer", null, null, T0);
        await Store.CreateMembershipAsync(first, Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.CreateMembershipAsync(first with { Id = Guid.NewGuid(), Role = "admin" }, Ct));

        Assert.Equal("viewer", Assert.Single(await Store.ListMembershipsAsync(project.Id, Ct)).Role);
    }

    [ContractFact]
    public async Task CreateMembershipAsync_UnknownIdentityOrProject_Conflicts()
    {
        var (project, identity) = await SeedMembershipPartiesAsync("billing");

        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.CreateMembershipAsync(new ProjectMembership(Guid.NewGuid(), project.Id, Guid.NewGuid(), "viewer", null, null, T0), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.CreateMembershipAsync(new ProjectMembership(Guid.NewGuid(), Guid.NewGuid(), identity.Id, "viewer", null, null, T0), Ct));
    }

    [ContractFact]
    public async Task DeleteMembershipAsync_OnlyInItsProject()
    {
        var (project, identity) = await SeedMembershipPartiesAsync("billing");
        var membership = new ProjectMembership(Guid.NewGuid(), project.Id, identity.Id, "viewer", null, null, T0);
        await Store.CreateMembershipAsync(membership, Ct);

        Assert.False(await Store.DeleteMembershipAsync(Guid.NewGuid(), membership.Id, Ct));
        Assert.True(await Store.DeleteMembershipAsync(project.Id, membership.Id, Ct));

        Assert.Empty(await Store.ListMembershipsAsync(project.Id, Ct));
        Assert.False(await Store.DeleteMembershipAsync(project.Id, membership.Id, Ct));
    }

    [ContractFact]
    public async Task DeleteIdentityAsync_TakesItsMembershipsAndGrants()
    {
        var (project, identity) = await SeedMembershipPartiesAsync("billing");
        await Store.CreateMembershipAsync(new ProjectMembership(Guid.NewGuid(), project.Id, identity.Id, "admin", null, null, T0), Ct);
        await Store.AddIdentityGrantAsync(new IdentityGrant(identity.Id, InstallationGrants.ConnectionAdmin, T0), Ct);

        Assert.True(await Store.DeleteIdentityAsync(identity.Id, At(1), Ct));

        Assert.Empty(await Store.ListMembershipsAsync(project.Id, Ct));
        Assert.Empty(await Store.ListMembershipsOfIdentityAsync(identity.Id, Ct));
        Assert.Empty(await Store.ListIdentityGrantsAsync(null, Ct));
    }

    [ContractFact]
    public async Task AddIdentityGrantAsync_TwiceAddsOnceAndRemoveTakesIt()
    {
        var (_, identity) = await SeedMembershipPartiesAsync("billing");
        var other = NewIdentity("reports");
        await Store.CreateIdentityAsync(other, Ct);
        var grant = new IdentityGrant(identity.Id, InstallationGrants.ConnectionAdmin, T0);

        Assert.True(await Store.AddIdentityGrantAsync(grant, Ct));
        Assert.False(await Store.AddIdentityGrantAsync(grant with { CreatedAt = At(1) }, Ct));

        Assert.Equal([grant], await Store.ListIdentityGrantsAsync(identity.Id, Ct));
        Assert.Empty(await Store.ListIdentityGrantsAsync(other.Id, Ct));
        Assert.Equal([grant], await Store.ListIdentityGrantsAsync(null, Ct));
        Assert.False(await Store.RemoveIdentityGrantAsync(other.Id, InstallationGrants.ConnectionAdmin, Ct));
        Assert.True(await Store.RemoveIdentityGrantAsync(identity.Id, InstallationGrants.ConnectionAdmin, Ct));
        Assert.Empty(await Store.ListIdentityGrantsAsync(identity.Id, Ct));
    }

    [ContractFact]
    public async Task AddIdentityGrantAsync_UnknownIdentity_Conflicts()
    {
        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.AddIdentityGrantAsync(new IdentityGrant(Guid.NewGuid(), InstallationGrants.ConnectionAdmin, T0), Ct));
    }

    private async Task<(Project Project, Identity Identity)> SeedMembershipPartiesAsync(string name)
    {
        var project = new Project(Guid.NewGuid(), name, name, T0, T0);
        await Store.CreateProjectAsync(project, [new ProjectEnvironment(Guid.NewGuid(), project.Id, "Development", "dev", 0)], Ct);
        var identity = NewIdentity(name);
        await Store.CreateIdentityAsync(identity, Ct);
        return (project, identity);
    }

    private static void AssertSameMembership(ProjectMembership expected, ProjectMembership? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Environments, actual.Environments);
        Assert.Equal(expected.SecretPathPrefixes, actual.SecretPathPrefixes);
        Assert.Equal(expected with { Environments = actual.Environments, SecretPathPrefixes = actual.SecretPathPrefixes }, actual);
    }
}
