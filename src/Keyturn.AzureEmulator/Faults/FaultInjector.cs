namespace Keyturn.AzureEmulator.Faults;

/// <summary>
/// Holds scripted faults and hands each matching request the first rule with uses left, consuming one use.
/// Rules are tried in the order they were injected.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<ActiveRule> rules = [];

    public void Inject(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Times, 1);
        if (rule.StatusCode != 0 && (rule.StatusCode < 100 || rule.StatusCode > 599))
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.StatusCode, "StatusCode must be 0 (delay only) or an HTTP status.");
        }

        lock (gate)
        {
            rules.Add(new ActiveRule(rule, rule.Times));
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    public FaultRule? Take(string method, string pathAndQuery)
    {
        lock (gate)
        {
            var index = rules.FindIndex(r => RequestMatch.Matches(r.Rule.Method, r.Rule.PathContains, method, pathAndQuery));
            if (index < 0)
            {
                return null;
            }

            var active = rules[index];
            if (active.Remaining <= 1)
            {
                rules.RemoveAt(index);
            }
            else
            {
                rules[index] = active with { Remaining = active.Remaining - 1 };
            }

            return active.Rule;
        }
    }

    private sealed record ActiveRule(FaultRule Rule, int Remaining);
}
