using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task InitializeAsync_CalledAgain_KeepsData()
    {
        var seed = await SeedAsync();
        await Store.InitializeAsync(Ct);
        Assert.Equal(seed.Project, await Store.GetProjectAsync(seed.Project.Id, Ct));
    }

    [ContractFact]
    public async Task InitializeAsync_SecondStoreOnSameDatabase_SeesData()
    {
        var seed = await SeedAsync();
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "DB_PASSWORD"), Ct);

        await using var second = await OpenSecondStoreAsync();

        Assert.Equal(seed.Project, await second.GetProjectAsync(seed.Project.Id, Ct));
        Assert.NotNull(await second.GetSecretAsync(seed.Folder.Id, "DB_PASSWORD", Ct));
    }

    [ContractFact]
    public async Task CreateProjectAsync_New_StoresProjectAndEnvironmentsInOrder()
    {
        var project = new Project(Guid.NewGuid(), "Billing", "billing", T0, At(1));
        ProjectEnvironment[] environments =
        [
            new(Guid.NewGuid(), project.Id, "Production", "prod", 2),
            new(Guid.NewGuid(), project.Id, "Development", "dev", 0),
            new(Guid.NewGuid(), project.Id, "Staging", "staging", 1),
        ];

        await Store.CreateProjectAsync(project, environments, Ct);

        Assert.Equal(project, await Store.GetProjectAsync(project.Id, Ct));
        Assert.Equal(["dev", "staging", "prod"], (await Store.ListEnvironmentsAsync(project.Id, Ct)).Select(e => e.Slug));
        Assert.Equal(environments[0], await Store.GetEnvironmentAsync(environments[0].Id, Ct));
    }

    [ContractFact]
    public async Task CreateProjectAsync_TakenSlug_ConflictsAndStoresNothing()
    {
        await SeedAsync("billing");
        var project = new Project(Guid.NewGuid(), "Other", "billing", T0, T0);
        var environment = new ProjectEnvironment(Guid.NewGuid(), project.Id, "Development", "dev", 0);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateProjectAsync(project, [environment], Ct));

        Assert.Contains("billing", error.Message);
        Assert.Null(await Store.GetProjectAsync(project.Id, Ct));
        Assert.Null(await Store.GetEnvironmentAsync(environment.Id, Ct));
    }

    [ContractFact]
    public async Task CreateProjectAsync_DuplicateEnvironmentSlug_ConflictsAndStoresNothing()
    {
        var project = new Project(Guid.NewGuid(), "App", "app", T0, T0);
        ProjectEnvironment[] environments =
        [
            new(Guid.NewGuid(), project.Id, "Development", "dev", 0),
            new(Guid.NewGuid(), project.Id, "Dev again", "dev", 1),
        ];

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateProjectAsync(project, environments, Ct));

        Assert.Null(await Store.GetProjectAsync(project.Id, Ct));
    }

    [ContractFact]
    public async Task ListProjectsAsync_Several_OrderedByCreationTime()
    {
        var late = new Project(Guid.NewGuid(), "Late", "late", At(20), At(20));
        var early = new Project(Guid.NewGuid(), "Early", "early", At(10), At(10));
        await Store.CreateProjectAsync(late, [], Ct);
        await Store.CreateProjectAsync(early, [], Ct);

        Assert.Equal([early, late], await Store.ListProjectsAsync(Ct));
    }

    [ContractFact]
    public async Task GetProjectAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Store.GetProjectAsync(Guid.NewGuid(), Ct));
        Assert.Null(await Store.GetEnvironmentAsync(Guid.NewGuid(), Ct));
        Assert.Empty(await Store.ListEnvironmentsAsync(Guid.NewGuid(), Ct));
    }

    [ContractFact]
    public async Task GetOrCreateFolderAsync_SamePathTwice_ReturnsOneNormalisedFolder()
    {
        var seed = await SeedAsync();

        var created = await Store.GetOrCreateFolderAsync(seed.Environment.Id, "a//b/", At(1), Ct);
        var again = await Store.GetOrCreateFolderAsync(seed.Environment.Id, "/a/b", At(2), Ct);

        Assert.Equal("/a/b", created.Path);
        Assert.Equal(At(1), created.CreatedAt);
        Assert.Equal(created, again);
        Assert.Equal(created, await Store.GetFolderAsync(seed.Environment.Id, "/a/b/", Ct));
        Assert.Equal(created, await Store.GetFolderByIdAsync(created.Id, Ct));
        Assert.Equal("/", seed.Folder.Path);
    }

    [ContractFact]
    public async Task GetOrCreateFolderAsync_ConcurrentCallers_AllGetTheSameFolder()
    {
        var seed = await SeedAsync();

        var folders = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Store.GetOrCreateFolderAsync(seed.Environment.Id, "/race", At(i), Ct))));

        Assert.Single(folders.Select(f => f.Id).Distinct());
    }

    [ContractFact]
    public async Task GetFolderAsync_Missing_ReturnsNull()
    {
        var seed = await SeedAsync();

        Assert.Null(await Store.GetFolderAsync(seed.Environment.Id, "/nope", Ct));
        Assert.Null(await Store.GetFolderByIdAsync(Guid.NewGuid(), Ct));
    }
}
