namespace Keyturn.Core.Notifications;

/// <summary>
/// Which day counts before a rotation people asked to be reminded at, per project (the union of the project's
/// subscriptions' upcomingDaysBefore). The upcoming-reminder scan asks this, so it publishes only reminders somebody wants.
/// </summary>
public interface IReminderSubscriptions
{
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<int>>> UpcomingDaysBeforeByProjectAsync(CancellationToken cancellationToken);
}

/// <summary>Used where nothing subscribes: nobody wants reminders.</summary>
public sealed class NoReminderSubscriptions : IReminderSubscriptions
{
    public static readonly NoReminderSubscriptions Instance = new();

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<int>>> UpcomingDaysBeforeByProjectAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, IReadOnlyList<int>>>(new Dictionary<Guid, IReadOnlyList<int>>());
}
