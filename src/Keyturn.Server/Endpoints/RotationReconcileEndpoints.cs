using Keyturn.Core.Reconcile;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>POST /api/v2/secret-rotations/{type}/{id}/reconcile?dryRun=true|false (docs/reconcile.md).</summary>
public static class RotationReconcileEndpoints
{
    public static void MapReconcile(this RouteGroupBuilder rotations) =>
        rotations.MapPost("/{type}/{id}/reconcile", async (string type, string id, HttpContext http, RotationReconcile reconcile, IHostApplicationLifetime lifetime) =>
        {
            if (!Guid.TryParse(id, out var rotationId))
            {
                return SecretRotationEndpoints.NotFound(http, id);
            }

            // A dry run unless asked otherwise: a mistaken call must never revoke anything.
            var text = http.Request.Query["dryRun"].ToString();
            var dryRun = true;
            if (text.Length > 0 && !bool.TryParse(text, out dryRun))
            {
                return ProblemResults.From(Problem.Invalid("dryRun", "must be true or false (default true: only report)"));
            }

            // Once revokes start, a client hanging up must not cut the reconcile short between a revoke and its audit entry.
            var token = dryRun ? http.RequestAborted : lifetime.ApplicationStopping;
            var report = await reconcile.ReconcileAsync(new ReconcileRequest(rotationId, type, dryRun, RequestPrincipal.Of(http)), token);
            return ProblemResults.Map(report, ReconcileJson.From);
        }).WithName("reconcileSecretRotation").Answers<ReconcileEnvelope>().MayMiss().MayConflict().CallsProvider()
            .Query(QueryParameter.Flag("dryRun", "Only report (the default); false revokes what the findings say to revoke."));
}
