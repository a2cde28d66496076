using System.Text.Json;
using Keyturn.Core.Domain;
using Keyturn.Core.Projects;
using Keyturn.Core.Rotation;
using Keyturn.Core.Secrets;

namespace Keyturn.Server.Views;

/// <summary>The JSON shapes of the API (Infisical's where a client exists for them). Anonymous types keep each shape in one place.</summary>
public static class ApiViews
{
    public static object Project(ProjectView view) => new
    {
        id = view.Project.Id,
        name = view.Project.Name,
        slug = view.Project.Slug,
        createdAt = view.Project.CreatedAt,
        updatedAt = view.Project.UpdatedAt,
        environments = view.Environments.Select(e => new { id = e.Id, name = e.Name, slug = e.Slug }),
    };

    public static object Connection(AppConnection connection) => new
    {
        id = connection.Id,
        name = connection.Name,
        description = connection.Description,
        app = connection.App,
        method = connection.Method,
        createdAt = connection.CreatedAt,
        updatedAt = connection.UpdatedAt,
    };

    public static object Rotation(RotationDetails details)
    {
        var r = details.Rotation;
        return new
        {
            id = r.Id,
            name = r.Name,
            description = r.Description,
            secretsMapping = JsonDocument.Parse(r.SecretsMappingJson).RootElement.Clone(),
            isAutoRotationEnabled = r.IsAutoRotationEnabled,
            activeIndex = r.ActiveIndex,
            folderId = r.FolderId,
            connectionId = r.ConnectionId,
            createdAt = r.CreatedAt,
            updatedAt = r.UpdatedAt,
            rotationInterval = r.RotationInterval,
            rotationStatus = r.RotationStatus,
            lastRotationAttemptedAt = r.LastRotationAttemptedAt,
            lastRotatedAt = r.LastRotatedAt,
            lastRotationJobId = r.LastRotationJobId,
            nextRotationAt = r.NextRotationAt,
            connection = new { app = details.Connection.App, name = details.Connection.Name, id = details.Connection.Id },
            environment = new { slug = details.Environment.Slug, name = details.Environment.Name, id = details.Environment.Id },
            projectId = r.ProjectId,
            folder = new { id = details.Folder.Id, path = details.Folder.Path },
            rotateAtUtc = new { hours = r.RotateAtHours, minutes = r.RotateAtMinutes },
            // Which of the two schedules decides nextRotationAt; under "cron" the interval fields keep their values but do not count.
            scheduleKind = r.RotationSchedule is null ? "interval" : "cron",
            rotationSchedule = r.RotationSchedule,
            failedAttempts = r.FailedAttempts,
            lastRotationMessage = r.LastRotationMessage,
            type = r.Type,
            parameters = JsonDocument.Parse(r.ParametersJson).RootElement.Clone(),
        };
    }
}
