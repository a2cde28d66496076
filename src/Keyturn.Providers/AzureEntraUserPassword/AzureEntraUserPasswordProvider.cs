using Keyturn.Core.Providers;
using Keyturn.Providers.Azure;
using Keyturn.Providers.Failures;

namespace Keyturn.Providers.AzureEntraUserPassword;

/// <summary>
/// Rotates an Entra user's password in place (single-phase): the engine generates and journals the password, Graph
/// sets it (PATCH /users/{id} passwordProfile), and a password grant sign-in proves it when a public client is given.
/// Setting the same password twice is harmless, so recovery can always re-apply the journaled value.
/// </summary>
public sealed class AzureEntraUserPasswordProvider(AzureCredentials credentials, AzureHttpTransport transport) : RotationProvider<AzureEntraUserPasswordParameters>
{
    public const string TypeName = "azure-entra-user-password";
    private const string UsernameOutput = "username";
    private const string PasswordOutput = "password";

    // AADSTS codes for sign-ins the password grant can never complete, whatever the password.
    private static readonly string[] InteractionRequired = ["50076", "50079", "50158", "50072"];

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, AzureConnectionHandler.AppName, RotationShape.InPlace, MaxSlots: 1,
        "An Entra user's password, overwritten through Graph with a password Keyturn generates; proven by signing in (password grant) when verifyClientId is set. Consumers holding the old password fail from the change until they read the new one.",
        AzureEntraUserPasswordParameters.Specs,
        [new OutputSpec(UsernameOutput, "The user's userPrincipalName."), new OutputSpec(PasswordOutput, "The new password.")],
        AzureEntraUserPasswordParameters.DefaultPolicy);

    protected override AzureEntraUserPasswordParameters? Parse(ParameterReader reader) => AzureEntraUserPasswordParameters.Parse(reader);

    public override async Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken)
    {
        var password = request.GeneratedSecret ?? throw new InvalidOperationException("The engine must generate the password.");
        var target = ParametersOf(request.Context);
        return await GraphCall.RunAsync(credentials, transport, request.Context, async graph =>
        {
            // Read first: a user that does not exist or cannot be read is refused before anything changes.
            var user = await ReadUserAsync(graph, target.UserId, cancellationToken);
            if (!user.IsSuccess)
            {
                return ProviderResult<IssuedCredential>.Fail(user.Error);
            }

            var set = await graph.SetUserPasswordAsync(user.Value.Id, password, cancellationToken);
            if (set.Error is { } error)
            {
                return ProviderResult<IssuedCredential>.Fail(GraphCall.Failure(
                    $"Graph refused to reset the password of {user.Value.UserPrincipalName}: {error}{Hint(error)}", error));
            }

            return ProviderResult<IssuedCredential>.Ok(Credential(user.Value.Id, user.Value.UserPrincipalName, password));
        }, cancellationToken);
    }

    public override async Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        var target = ParametersOf(request.Context);
        if (target.VerifyClientId is not { } clientId)
        {
            // Nothing to sign in with (MFA, federated users): Graph's 204 is the only evidence, and the engine says so.
            return ProviderResult<Verification>.Ok(Verification.Unchecked);
        }

        var username = request.Credential.Values[UsernameOutput];
        if (!username.Contains('@', StringComparison.Ordinal))
        {
            var resolved = await ResolveUsernameAsync(request.Context, username, cancellationToken);
            if (!resolved.IsSuccess)
            {
                return ProviderResult<Verification>.Fail(resolved.Error);
            }

            username = resolved.Value;
        }

        var config = AzureConnectionConfig.FromJson(request.Context.Connection.Configuration);
        try
        {
            var refusal = await new PasswordGrantClient(config, transport.Transport)
                .SignInAsync(clientId, username, request.Credential.Values[PasswordOutput], cancellationToken);
            return refusal is null
                ? ProviderResult<Verification>.Ok(Verification.Proven)
                : ProviderResult<Verification>.Fail($"Signing in as {username} with the new password failed: {refusal}{Hint(refusal, clientId)}", refusal.MayBePropagation);
        }
        catch (global::Azure.RequestFailedException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult<Verification>.Fail(ProviderFailures.From(e, "Entra", transient: true));
        }
        catch (AggregateException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult<Verification>.Fail(ProviderFailures.From(e, "Entra", transient: true));
        }
    }

    /// <summary>
    /// Without a call to Graph the userPrincipalName is known only when userId is one; for an object id the username
    /// output holds the id until a set succeeds (verify resolves it before signing in).
    /// </summary>
    public override IssuedCredential CredentialFor(ProviderContext context, int slot, string secret)
    {
        var userId = ParametersOf(context).UserId;
        return Credential(userId, userId, secret);
    }

    private static IssuedCredential Credential(string userId, string username, string password) =>
        new(userId, new Dictionary<string, string> { [UsernameOutput] = username, [PasswordOutput] = password }, null);

    private async Task<ProviderResult<string>> ResolveUsernameAsync(ProviderContext context, string userId, CancellationToken cancellationToken) =>
        await GraphCall.RunAsync(credentials, transport, context, async graph =>
        {
            var user = await ReadUserAsync(graph, userId, cancellationToken);
            return user.IsSuccess ? ProviderResult<string>.Ok(user.Value.UserPrincipalName) : ProviderResult<string>.Fail(user.Error);
        }, cancellationToken);

    private static async Task<ProviderResult<GraphUser>> ReadUserAsync(GraphClient graph, string userId, CancellationToken cancellationToken)
    {
        var read = await graph.GetUserAsync(userId, cancellationToken);
        if (read.Error is { } error)
        {
            var why = error.Status switch
            {
                404 => $"parameters.userId: no user '{userId}' in the tenant ({error})",
                403 => $"parameters.userId: the connection's app may not read user '{userId}' ({error}); it needs User.Read.All",
                _ => $"Reading user '{userId}' failed: {error}",
            };
            return ProviderResult<GraphUser>.Fail(GraphCall.Failure(why, error));
        }

        return ProviderResult<GraphUser>.Ok(read.Value!);
    }

    private static string Hint(GraphError error) => error.Status == 403
        ? ". The connection's app needs User-PasswordProfile.ReadWrite.All and a directory role allowed to reset this user (User Administrator or Password Administrator; users holding privileged roles need Privileged Authentication Administrator)."
        : "";

    private static string Hint(PasswordGrantRefusal refusal, string clientId) =>
        refusal.Codes.Intersect(InteractionRequired).Any() ? ". The password grant cannot complete multi-factor or interactive sign-in: leave verifyClientId out for this user."
        : refusal.Codes.Contains("7000218") ? $". App {clientId} is not a public client: turn on \"Allow public client flows\" for it."
        : refusal.Codes.Contains("65001") ? $". Grant admin consent for app {clientId}'s delegated permissions (User.Read), since the password grant cannot ask the user."
        : refusal.Codes.Contains("50053") ? ". Entra locked the account (smart lockout); it unlocks after the lockout period."
        : "";
}
