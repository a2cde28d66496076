using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;

namespace Keyturn.TestProviders;

/// <summary>
/// In-place, like a password behind a REST API: one password, set to the engine-generated value, and only by a caller
/// that presents the current one (<see cref="IssueRequest.Active"/>). Re-applying after the change went through is
/// therefore refused, which is the path where recovery verifies the journaled value instead.
/// </summary>
public sealed class PasswordTestProvider(TimeProvider timeProvider) : TestProvider(timeProvider)
{
    public const string TypeName = "test-password";
    public const string Username = "app";
    private static readonly PasswordPolicy Policy = new(Length: 20);

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, TestConnectionHandler.AppName, RotationShape.InPlace, MaxSlots: 1,
        "Test: one password in a target file, changed only by presenting the current one.",
        [TestParameters.NoteSpec, ParameterSpec.PasswordPolicy(Policy.Describe())],
        [new OutputSpec("username", "The account."), new OutputSpec("password", "The password Keyturn generated.")],
        Policy);

    public override async Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken)
    {
        var secret = request.GeneratedSecret ?? throw new InvalidOperationException("The engine must generate the password.");
        var current = request.Active?.Values["password"];
        var changed = await FileOf(request.Context).UpdateAsync(state =>
        {
            // A fresh account (no password yet) takes its first one from anyone holding the connection.
            if (state.Password is not null && state.Password != current)
            {
                return false;
            }

            state.Password = secret;
            state.Record("set", "password", null, Time.GetUtcNow());
            return true;
        }, cancellationToken);
        return changed
            ? ProviderResult<IssuedCredential>.Ok(CredentialFor(request.Context, request.Slot, secret))
            : ProviderResult<IssuedCredential>.Fail("The target refused the change: the current password was not presented.");
    }

    public override IssuedCredential CredentialFor(ProviderContext context, int slot, string secret) =>
        new(Username, new Dictionary<string, string> { ["username"] = Username, ["password"] = secret }, null);

    public override Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Check(request.Context, state => state.Password is not null && state.Password == request.Credential.Values["password"]));
}
