using Keyturn.Core.Domain;

namespace Keyturn.Core.History;

/// <summary>
/// One page of a history: whose (a rotation, with its type when the route names one, or a connection with its app),
/// where to start and how many attempts. The endpoint checks the limit's range and decodes the cursor.
/// </summary>
/// <param name="Kind">The rotation type or the connection app the route names; a mismatch is "not found".</param>
public sealed record HistoryQuery(string Kind, Guid Id, JobCursor? After, int Limit)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}
