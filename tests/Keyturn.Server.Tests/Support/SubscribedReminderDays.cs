using System.Collections.Concurrent;
using Keyturn.Core.Notifications;

namespace Keyturn.Server.Tests.Support;

/// <summary>The day counts a test says each project's subscriptions remind at (what the webhook subscriptions would answer).</summary>
public sealed class SubscribedReminderDays : IReminderSubscriptions
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<int>> _days = new();

    public void Set(string projectId, params int[] daysBefore) => _days[Guid.Parse(projectId)] = daysBefore;

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<int>>> UpcomingDaysBeforeByProjectAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, IReadOnlyList<int>>>(new Dictionary<Guid, IReadOnlyList<int>>(_days));
}
