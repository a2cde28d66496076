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
            return ProviderResult<Verification>.Fail(EntraErrors.Failure(e, EntraErrors.MayBePropagation(e)));
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
            var removed = await graph.RemovePasswordIfPresentAsync(app, keyId, cancellationToken);
            return removed.Error is { } error
                ? ProviderResult<bool>.Fail(Failure($"removePassword on the connection's own application failed: {error}", error))
                : ProviderResult<bool>.Ok(true);
        }, cancellationToken);
    }

    public Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListCredentialsAsync(ConnectionSecret connection, string? labelPrefix, CancellationToken cancellationToken) =>
        WithOwnApplicationAsync(connection, (_, app) =>
        {
            return Task.FromResult(ProviderResult<IReadOnlyList<ManagedCredential>>.Ok(app.Labelled(labelPrefix)));
        }, cancellationToken);

    /// <summary>The connection's credentials JSON (sealed): the secret and, when known, its key id.</summary>
    private static string Credentials(string clientSecret, string? clientSecretKeyId) =>
        JsonSerializer.Serialize(new { clientSecret, clientSecretKeyId });

    /// <summary>Reads the connection's own registration as the connection, then runs <paramref name="action"/> on it; refusals become failure values.</summary>
    private Task<ProviderResult<T>> WithOwnApplicationAsync<T>(
        ConnectionSecret connection, Func<GraphClient, GraphApplication, Task<ProviderResult<T>>> action, CancellationToken cancellationToken) =>
        GraphCall.RunAsync(credentials, transport, connection, async graph =>
        {
            var clientId = AzureConnectionConfig.FromJson(connection.Configuration).ClientId;
            var app = await graph.GetApplicationByClientIdAsync(clientId, cancellationToken);
            return app.Error is { } error
                ? ProviderResult<T>.Fail(Failure($"Reading the connection's own application (appId {clientId}) failed: {error}", error))
                : await action(graph, app.Value!);
        }, cancellationToken);

    private static ProviderError Failure(string message, GraphError error) => GraphCall.Failure(message, error);
}
