using System.Security.Cryptography;
using Keyturn.Core.Providers;
using Keyturn.TestProviders.Target;

namespace Keyturn.TestProviders;

/// <summary>What every test provider shares: its target file, its clock, and how a target refuses a verify.</summary>
public abstract class TestProvider(TimeProvider timeProvider) : RotationProvider<TestParameters>
{
    protected TimeProvider Time => timeProvider;

    protected override TestParameters? Parse(ParameterReader reader) => TestParameters.Parse(reader);

    protected static TargetFile FileOf(ProviderContext context) => TestConnectionHandler.FileOf(context.Connection);

    /// <summary>A value made by the target itself (additive secrets, regenerated keys).</summary>
    protected static string TargetGenerated() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Checks a credential against the target: refused outright while verifyFails is set, an exception while verifyThrows is.</summary>
    protected static ProviderResult<Verification> Check(ProviderContext context, Func<TargetState, bool> accepts)
    {
        var state = FileOf(context).Read();
        if (state.VerifyThrows)
        {
            throw new InvalidOperationException("The target's client failed (verifyThrows is set).");
        }

        if (state.VerifyFails)
        {
            return ProviderResult<Verification>.Fail("The target refuses every credential (verifyFails is set).");
        }

        return accepts(state) ? ProviderResult<Verification>.Ok(Verification.Proven) : ProviderResult<Verification>.Fail("The target does not accept this credential.");
    }
}
