using Keyturn.Core.Providers;
using Keyturn.TestProviders.Target;

namespace Keyturn.TestProviders;

/// <summary>
/// Additive, like Azure client secrets: the target creates a credential with the label it is given and returns a secret
/// it generated; revoking is idempotent; credentials are listed by label prefix.
/// </summary>
public sealed class AdditiveTestProvider(TimeProvider timeProvider) : TestProvider(timeProvider)
{
    public const string TypeName = "test-additive";

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, TestConnectionHandler.AppName, RotationShape.Additive, MaxSlots: 2,
        "Test: credentials created next to each other in a target file.",
        [TestParameters.NoteSpec],
        [new OutputSpec("id", "The credential's id."), new OutputSpec("secret", "The secret the target generated.")]);

    public override async Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken)
    {
        var created = new TargetCredential(Guid.NewGuid().ToString(), request.Label, TargetGenerated(), request.ExpiresAt);
        await FileOf(request.Context).UpdateAsync(state =>
        {
            state.Credentials.Add(created);
            state.Record("create", created.Id, created.Label, Time.GetUtcNow());
            return true;
        }, cancellationToken);
        return ProviderResult<IssuedCredential>.Ok(new IssuedCredential(created.Id, Values(created), created.ExpiresAt));
    }

    public override Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Check(request.Context, state => state.Credentials.Any(c => c.Id == request.Credential.CredentialId && c.Secret == request.Credential.Values["secret"])));

    public override async Task<ProviderResult<bool>> RevokeAsync(RevokeRequest request, CancellationToken cancellationToken)
    {
        await FileOf(request.Context).UpdateAsync(state =>
        {
            // Already gone counts as revoked.
            if (state.Credentials.RemoveAll(c => c.Id == request.CredentialId) > 0)
            {
                state.Record("revoke", request.CredentialId, null, Time.GetUtcNow());
            }

            return true;
        }, cancellationToken);
        return ProviderResult<bool>.Ok(true);
    }

    public override Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListManagedAsync(ListManagedRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<ManagedCredential> managed = FileOf(request.Context).Read().Credentials
            .Where(c => c.Label.StartsWith(request.LabelPrefix, StringComparison.Ordinal))
            .Select(c => new ManagedCredential(c.Id, c.Label, c.ExpiresAt))
            .ToList();
        return Task.FromResult(ProviderResult<IReadOnlyList<ManagedCredential>>.Ok(managed));
    }

    public static Dictionary<string, string> Values(TargetCredential credential) => new() { ["id"] = credential.Id, ["secret"] = credential.Secret };
}
