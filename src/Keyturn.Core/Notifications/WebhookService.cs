using System.Security.Cryptography;
using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Crypto;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Notifications;

/// <summary>
/// A project's webhook subscriptions: make one (its signing secret sealed), read, delete, and read its deliveries.
/// Every method needs <see cref="Permission.WebhookManage"/> on the project, checked before the project or the
/// subscription is read, so a principal without it gets the same refusal whether or not they exist.
/// </summary>
public sealed class WebhookService(IKeyturnStore store, EnvelopeCipher cipher, AuditLog audit, TimeProvider timeProvider)
{
    private const string SecretPrefix = "whsec_";

    /// <summary>
    /// The answer for a project or webhook id that cannot name one (not a GUID): the refusal for a principal that is
    /// not root, as for any other id it may not use, and "not found" for root.
    /// </summary>
    public static Problem Unknown(Principal principal, string resource, string id) =>
        AccessPolicy.Check(principal, Permission.WebhookManage) ?? Problem.NotFound(resource, id);

    public async Task<Result<CreatedWebhook>> CreateAsync(Principal principal, CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (AccessPolicy.Check(principal, Permission.WebhookManage, command.ProjectId) is { } denied)
        {
            return denied;
        }

        if (await store.GetProjectAsync(command.ProjectId, cancellationToken) is null)
        {
            return Problem.NotFound("Project", command.ProjectId);
        }

        var id = Guid.NewGuid();
        var secret = SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var sealedSecret = await cipher.SealAsync(command.ProjectId, secret, SealContext.WebhookSigningSecret(id), cancellationToken);
        var sealedUrl = await cipher.SealAsync(command.ProjectId, command.Url.AbsoluteUri, SealContext.WebhookUrl(id), cancellationToken);
        var subscription = new WebhookSubscription(id, command.ProjectId, WebhookUrls.Shown(command.Url), command.Events, command.UpcomingDaysBefore,
            command.Format, command.Description, sealedSecret, sealedUrl, timeProvider.GetUtcNow());
        try
        {
            await store.CreateWebhookAsync(subscription, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.NotFound("Project", command.ProjectId);
        }

        // The host only: an incoming-webhook URL's path is itself a credential (Slack's are).
        await audit.RecordAsync(principal.Actor, "webhook.created", "webhook", id.ToString(), command.ProjectId,
            new { host = command.Url.Host, command.Events, command.Format }, cancellationToken);
        return new CreatedWebhook(subscription, secret);
    }

    public async Task<Result<WebhookSubscription[]>> ListAsync(Principal principal, Guid projectId, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.WebhookManage, projectId) is { } denied)
        {
            return denied;
        }

        return await store.GetProjectAsync(projectId, cancellationToken) is null
            ? Problem.NotFound("Project", projectId)
            : (WebhookSubscription[])[.. await store.ListWebhooksAsync(projectId, cancellationToken)];
    }

    /// <summary>The subscription, when it belongs to <paramref name="projectId"/> (another project's is not found).</summary>
    public async Task<Result<WebhookSubscription>> GetAsync(Principal principal, Guid projectId, Guid id, CancellationToken cancellationToken) =>
        AccessPolicy.Check(principal, Permission.WebhookManage, projectId) is { } denied
            ? denied
            : await store.GetWebhookAsync(id, cancellationToken) is { } subscription && subscription.ProjectId == projectId
                ? subscription
                : Problem.NotFound("Webhook", id);

    public async Task<Result<WebhookSubscription>> DeleteAsync(Principal principal, Guid projectId, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, projectId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Problem!;
        }

        if (!await store.DeleteWebhookAsync(id, cancellationToken))
        {
            return Problem.NotFound("Webhook", id);
        }

        await audit.RecordAsync(principal.Actor, "webhook.deleted", "webhook", id.ToString(), projectId, new { }, cancellationToken);
        return found.Value;
    }

    public async Task<Result<WebhookDeliveryPage>> ListDeliveriesAsync(
        Principal principal, Guid projectId, Guid id, WebhookDeliveryCursor? after, int limit, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, projectId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Problem;
        }

        // One more than asked tells whether another page follows without a count query.
        var rows = await store.ListDeliveriesAsync(id, after, limit + 1, cancellationToken);
        var page = rows.Take(limit).ToList();
        return new WebhookDeliveryPage(page, rows.Count > limit ? new WebhookDeliveryCursor(page[^1].CreatedAt, page[^1].Id) : null);
    }
}
