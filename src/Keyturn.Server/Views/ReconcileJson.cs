using System.Text.Json.Serialization;
using Keyturn.Core.Reconcile;

namespace Keyturn.Server.Views;

/// <summary>The answer of POST …/reconcile: {"reconcile": {…}}.</summary>
public sealed record ReconcileEnvelope(ReconcileJson Reconcile);

public sealed record ReconcileJson(Guid RotationId, bool DryRun, DateTimeOffset CheckedAt, IReadOnlyList<ReconcileFindingJson> Findings, DateTimeOffset? NextRotationAt)
{
    public static ReconcileEnvelope From(ReconcileReport report) => new(new ReconcileJson(
        report.RotationId, report.DryRun, report.CheckedAt, [.. report.Findings.Select(ReconcileFindingJson.From)], report.NextRotationAt));
}

/// <summary>One finding; slot, label and expiresAt are left out where they do not apply.</summary>
public sealed record ReconcileFindingJson(
    string Kind,
    string CredentialId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Slot,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt,
    string Action,
    string Message)
{
    public static ReconcileFindingJson From(ReconcileFinding finding) =>
        new(finding.Kind, finding.CredentialId, finding.Slot, finding.Label, finding.ExpiresAt, finding.Action, finding.Message);
}
