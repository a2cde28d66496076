using Keyturn.Core.Providers;
using Keyturn.Core.Rotation;

namespace Keyturn.TestProviders;

/// <summary>
/// Fixed-slot with engine-generated values, like a database's alternating users: two users (user1, user2) whose
/// password the admin connection sets to the value the engine generated; setting the same value twice is harmless.
/// </summary>
public sealed class UsersTestProvider(TimeProvider timeProvider) : TestProvider(timeProvider)
{
    public const string TypeName = "test-users";
    public static readonly IReadOnlyList<string> SlotNames = ["user1", "user2"];
    private static readonly PasswordPolicy Policy = new(Length: 24);

    public override ProviderDescriptor Descriptor { get; } = new(
        TypeName, TestConnectionHandler.AppName, RotationShape.FixedSlot, MaxSlots: 2,
        "Test: two users in a target file whose passwords Keyturn sets alternately.",
        [TestParameters.NoteSpec, ParameterSpec.PasswordPolicy(Policy.Describe())],
        [new OutputSpec("username", "The slot's user."), new OutputSpec("password", "The password Keyturn generated.")],
        Policy);

    public override async Task<ProviderResult<IssuedCredential>> IssueAsync(IssueRequest request, CancellationToken cancellationToken)
    {
        var secret = request.GeneratedSecret ?? throw new InvalidOperationException("The engine must generate the password.");
        var name = SlotNames[request.Slot];
        await FileOf(request.Context).UpdateAsync(state =>
        {
            state.Slots[name] = secret;
            state.Record("set", name, null, Time.GetUtcNow());
            return true;
        }, cancellationToken);
        return ProviderResult<IssuedCredential>.Ok(CredentialFor(request.Context, request.Slot, secret));
    }

    public override IssuedCredential CredentialFor(ProviderContext context, int slot, string secret) =>
        new(SlotNames[slot], new Dictionary<string, string> { ["username"] = SlotNames[slot], ["password"] = secret }, null);

    public override Task<ProviderResult<Verification>> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Check(request.Context, state =>
            state.Slots.TryGetValue(request.Credential.Values["username"], out var value) && value == request.Credential.Values["password"]));
}
