using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string ProjectColumns = "id, name, slug, created_at, updated_at";
    private const string EnvironmentColumns = "id, project_id, name, slug, position";
    private const string FolderColumns = "id, environment_id, path, created_at";

    public Task CreateProjectAsync(Project project, IReadOnlyList<ProjectEnvironment> environments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(environments);
        if (environments.Any(e => e.ProjectId != project.Id))
        {
            throw new ArgumentException("Every environment must belong to the project being created.", nameof(environments));
        }

        return WriteAsync(async db =>
        {
            await db.Sql($"INSERT INTO projects ({ProjectColumns}) VALUES (@id, @name, @slug, @created_at, @updated_at)")
                .Add("id", project.Id).Add("name", project.Name).Add("slug", project.Slug)
                .Add("created_at", project.CreatedAt).Add("updated_at", project.UpdatedAt)
                .ExecuteAsync(cancellationToken);
            foreach (var environment in environments)
            {
                await db.Sql($"INSERT INTO environments ({EnvironmentColumns}) VALUES (@id, @project_id, @name, @slug, @position)")
                    .Add("id", environment.Id).Add("project_id", project.Id).Add("name", environment.Name)
                    .Add("slug", environment.Slug).Add("position", environment.Position)
                    .ExecuteAsync(cancellationToken);
            }

            return true;
        }, Conflict(
            $"a project with slug '{project.Slug}' already exists (or two of its environments share a slug)",
            "an environment must belong to the project being created"), cancellationToken);
    }

    public Task<Project?> GetProjectAsync(Guid id, CancellationToken cancellationToken) =>
        CachedReadAsync(new CacheKey(CacheKind.Project, id), db => db.Sql($"SELECT {ProjectColumns} FROM projects WHERE id = @id")
            .Add("id", id).FirstOrDefaultAsync(ReadProject, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {ProjectColumns} FROM projects ORDER BY created_at, id")
            .QueryAsync(ReadProject, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<ProjectEnvironment>> ListEnvironmentsAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await CachedReadAsync<IReadOnlyList<ProjectEnvironment>>(new CacheKey(CacheKind.Environments, projectId),
            async db => await db.Sql($"SELECT {EnvironmentColumns} FROM environments WHERE project_id = @project_id ORDER BY position, id")
                .Add("project_id", projectId).QueryAsync(ReadEnvironment, cancellationToken), cancellationToken))!;

    // Cached, as the folder by id below: every rotation answer names its environment and folder.
    public Task<ProjectEnvironment?> GetEnvironmentAsync(Guid id, CancellationToken cancellationToken) =>
        CachedReadAsync(new CacheKey(CacheKind.EnvironmentById, id), db => db.Sql($"SELECT {EnvironmentColumns} FROM environments WHERE id = @id")
            .Add("id", id).FirstOrDefaultAsync(ReadEnvironment, cancellationToken), cancellationToken);

    public async Task<Folder> GetOrCreateFolderAsync(Guid environmentId, string path, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var normalized = FolderPath.Normalize(path);
        if (await GetFolderAsync(environmentId, normalized, cancellationToken) is { } existing)
        {
            return existing;
        }

        // Insert-or-ignore then read, in one transaction: two racing callers both get the one row that won.
        return await WriteAsync(async db =>
        {
            await db.Sql($"INSERT INTO folders ({FolderColumns}) VALUES (@id, @environment_id, @path, @created_at) ON CONFLICT DO NOTHING")
                .Add("id", Guid.NewGuid()).Add("environment_id", environmentId).Add("path", normalized).Add("created_at", now)
                .ExecuteAsync(cancellationToken);
            return await db.Sql($"SELECT {FolderColumns} FROM folders WHERE environment_id = @environment_id AND path = @path")
                .Add("environment_id", environmentId).Add("path", normalized)
                .FirstOrDefaultAsync(ReadFolder, cancellationToken)
                ?? throw new InvalidOperationException("The folder vanished inside its own transaction.");
        }, Conflict($"folder '{normalized}' already exists", $"environment {environmentId} does not exist"), cancellationToken);
    }

    public Task<Folder?> GetFolderAsync(Guid environmentId, string path, CancellationToken cancellationToken)
    {
        var normalized = FolderPath.Normalize(path);
        return CachedReadAsync(new CacheKey(CacheKind.Folder, environmentId, normalized),
            db => db.Sql($"SELECT {FolderColumns} FROM folders WHERE environment_id = @environment_id AND path = @path")
                .Add("environment_id", environmentId).Add("path", normalized)
                .FirstOrDefaultAsync(ReadFolder, cancellationToken), cancellationToken);
    }

    public Task<Folder?> GetFolderByIdAsync(Guid id, CancellationToken cancellationToken) =>
        CachedReadAsync(new CacheKey(CacheKind.FolderById, id), db => db.Sql($"SELECT {FolderColumns} FROM folders WHERE id = @id")
            .Add("id", id).FirstOrDefaultAsync(ReadFolder, cancellationToken), cancellationToken);

    private static Project ReadProject(DbDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetTime(3), r.GetTime(4));

    private static ProjectEnvironment ReadEnvironment(DbDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetInt32(4));

    private static Folder ReadFolder(DbDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetTime(3));
}
