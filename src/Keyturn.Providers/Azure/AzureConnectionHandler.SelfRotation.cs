using System.Text.Json;
using Azure.Identity;
using Keyturn.Core.Connections;
using Keyturn.Core.Providers;

namespace Keyturn.Providers.Azure;

/// <summary>
/// The connection rotates its own client secret: its own app registration is found by its client id
/// (<c>applications(appId='…')</c>) and given a new password next to the active one. Graph allows that with
/// Application.ReadWrite.All, or with Application.ReadWrite.OwnedBy when the app's service principal is an owner of its
/// own registration (there is no permission-free self-service for passwords; that exists only for certificate keys).
/// </summary>
public sealed partial class AzureConnectionHandler
{
    public string InitialCredentialField => "credentials.clientSecretId";

    public Task<ProviderResult<IssuedConnectionCredential>> IssueCredentialAsync(
        ConnectionSecret connection, string label, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        WithOwnApplicationAsync(connection, async (graph, app) =>
        {
            var added = await graph.AddPasswordAsync(app.Id, label, expiresAt, cancellationToken);
            if (added.Error is { } error)
            {
                return ProviderResult<IssuedConnectionCredential>.Fail(Failure($"addPassword on the connection's own application failed: {error}", error));
            }

            if (string.IsNullOrEmpty(added.Value!.SecretText))
            {
                return ProviderResult<IssuedConnectionCredential>.Fail("addPassword answered without secretText.");
            }

            var keyId = added.Value.KeyId.ToString();
            return ProviderResult<IssuedConnectionCredential>.Ok(new IssuedConnectionCredential(keyId, Credentials(added.Value.SecretText, keyId), added.Value.EndDateTime));
        }, cancellationToken);

    public async Task<ProviderResult<Verification>> VerifyCredentialAsync(
        ConnectionSecret connection, IssuedConnectionCredential credential, CancellationToken cancellationToken)
    {
        var config = AzureConnectionConfig.FromJson(connection.Configuration);
        using var document = JsonDocument.Parse(credential.CredentialsJson);
        try
        {
            var candidate = credentials.Create(config, config.ClientId, document.RootElement.GetProperty("clientSecret").GetString()!);
            await candidate.GetTokenAsync(new global::Azure.Core.TokenRequestContext([config.GraphScope]), cancellationToken);
            return ProviderResult<Verification>.Ok(Verification.Proven);
        }
        catch (AuthenticationFailedException e)
        {
            // A secret Entra has not replicated yet is refused exactly like a wrong one; only time tells them apart.
            return ProviderResult<Verification>.Fail(EntraErrors.Describe(e), EntraErrors.MayBePropagation(e));
        }
    }

    public async Task<ProviderResult<bool>> RevokeCredentialAsync(ConnectionSecret connection, string credentialId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(credentialId, out var keyId))
        {
            return ProviderResult<bool>.Fail($"'{credentialId}' is not an Azure key id.");
        }

        return await WithOwnApplicationAsync(connection, async (graph, app) =>
        {
            if (app.PasswordCredentials.All(p => p.KeyId != keyId))
            {
                return ProviderResult<bool>.Ok(true); // already gone counts as revoked
            }

            var removed = await graph.RemovePasswordAsync(app.Id, keyId, cancellationToken);
            if (removed.Error is null)
            {
                return ProviderResult<bool>.Ok(true);
            }

            // Removed by someone else between our read and our call? Look again rather than parse the message.
            var after = await graph.GetApplicationAsync(app.Id, cancellationToken);
            return after.Value is { } now && now.PasswordCredentials.All(p => p.KeyId != keyId)
                ? ProviderResult<bool>.Ok(true)
                : ProviderResult<bool>.Fail(Failure($"removePassword on the connection's own application failed: {removed.Error}", removed.Error));
        }, cancellationToken);
    }

    public Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListCredentialsAsync(ConnectionSecret connection, string? labelPrefix, CancellationToken cancellationToken) =>
        WithOwnApplicationAsync(connection, (_, app) =>
        {
            IReadOnlyList<ManagedCredential> listed = app.PasswordCredentials
                .Where(p => labelPrefix is null || p.DisplayName?.StartsWith(labelPrefix, StringComparison.Ordinal) == true)
                .Select(p => new ManagedCredential(p.KeyId.ToString(), p.DisplayName, p.EndDateTime))
                .ToList();
            return Task.FromResult(ProviderResult<IReadOnlyList<ManagedCredential>>.Ok(listed));
        }, cancellationToken);

    /// <summary>The connection's credentials JSON (sealed): the secret and, when known, its key id.</summary>
    private static string Credentials(string clientSecret, string? clientSecretKeyId) =>
        JsonSerializer.Serialize(new { clientSecret, clientSecretKeyId });

    /// <summary>Reads the connection's own registration as the connection, then runs <paramref name="action"/> on it; refusals become failure values.</summary>
    private async Task<ProviderResult<T>> WithOwnApplicationAsync<T>(
        ConnectionSecret connection, Func<GraphClient, GraphApplication, Task<ProviderResult<T>>> action, CancellationToken cancellationToken)
    {
        var config = AzureConnectionConfig.FromJson(connection.Configuration);
        var credential = credentials.Create(config, config.ClientId, ClientSecretOf(connection));
        try
        {
            var graph = new GraphClient(config, credential, transport.Transport);
            var app = await graph.GetApplicationByClientIdAsync(config.ClientId, cancellationToken);
            return app.Error is { } error
                ? ProviderResult<T>.Fail(Failure($"Reading the connection's own application (appId {config.ClientId}) failed: {error}", error))
                : await action(graph, app.Value!);
        }
        catch (AuthenticationFailedException e)
        {
            return ProviderResult<T>.Fail($"The app connection could not get a token: {EntraErrors.Describe(e)}");
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException { Status: 0 } or AggregateException && !cancellationToken.IsCancellationRequested)
        {
            var cause = e is AggregateException aggregate ? aggregate.InnerExceptions.LastOrDefault() ?? e : e;
            return ProviderResult<T>.Fail($"Graph could not be reached: {cause.InnerException?.Message ?? cause.Message}", transient: true);
        }
    }

    private static ProviderError Failure(string message, GraphError error) => new(message, error.IsTransient, error.RetryAfter);
}
