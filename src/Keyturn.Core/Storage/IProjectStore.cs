using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface IProjectStore
{
    /// <summary>Inserts the project with its environments in one transaction. Conflict when the slug is taken.</summary>
    Task CreateProjectAsync(Project project, IReadOnlyList<ProjectEnvironment> environments, CancellationToken cancellationToken);

    Task<Project?> GetProjectAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>All projects ordered by creation time.</summary>
    Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken cancellationToken);

    /// <summary>Environments of a project ordered by position.</summary>
    Task<IReadOnlyList<ProjectEnvironment>> ListEnvironmentsAsync(Guid projectId, CancellationToken cancellationToken);

    Task<ProjectEnvironment?> GetEnvironmentAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Returns the folder at the normalised path, creating it (race-safe) when absent.</summary>
    Task<Folder> GetOrCreateFolderAsync(Guid environmentId, string path, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Folder?> GetFolderAsync(Guid environmentId, string path, CancellationToken cancellationToken);

    Task<Folder?> GetFolderByIdAsync(Guid id, CancellationToken cancellationToken);
}
