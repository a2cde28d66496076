using System.Collections.Concurrent;
using System.Globalization;
using Keyturn.Core.Crypto;

namespace Keyturn.Tests.Shared.Logging;

/// <summary>
/// Every secret value one test server (or one harness talking to a server process) saw: plaintexts the envelope
/// cipher sealed or opened, secret values, client secrets, access and root tokens on the API. The log check looks for
/// each of them in the captured logs, so the set must be complete rather than hand-picked.
/// </summary>
internal sealed class SecretValueRecorder : IPlaintextObserver
{
    /// <summary>Shorter values ("v1", "true") occur in logs by chance; every generated credential is longer.</summary>
    public const int MinimumLength = 8;

    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _public = new(StringComparer.Ordinal);

    public void Observed(string plaintext) => SecretJson.CollectSealed(plaintext, this);

    public void Secret(string? value)
    {
        if (value is { Length: >= MinimumLength })
        {
            _secrets.TryAdd(value, 0);
        }
    }

    /// <summary>
    /// A value Keyturn seals only as part of a credential but that is not itself secret (a username, client id or
    /// host): a secrets mapping may still store it in a secret, and logging it is no leak.
    /// </summary>
    public void Public(string? value)
    {
        if (value is { Length: >= MinimumLength })
        {
            _public.TryAdd(value, 0);
        }
    }

    /// <summary>The values the logs must not contain.</summary>
    public IReadOnlyList<string> Values => [.. _secrets.Keys.Where(v => !_public.ContainsKey(v) && !IsIdentifier(v))];

    // Ids and timestamps are sealed inside credential records but never secret; no generator makes a GUID password.
    private static bool IsIdentifier(string value) =>
        Guid.TryParse(value, out _)
        || long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        || (value.Length >= 19 && value[4] == '-' && value[10] == 'T'
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _));
}
