using Keyturn.Core.Domain;
using Keyturn.Core.Providers;

namespace Keyturn.Core.Rotation;

/// <summary>
/// In-place shape (an Entra user password, a password behind a REST API, a script): one credential, overwritten with
/// an engine-generated value that is journaled before the target sees it (as Vault's dbplugin v5 does), so a crash
/// between the target accepting it and Keyturn storing it never locks the account out.
/// </summary>
internal sealed class InPlaceStrategy(AttemptSteps steps) : OverwriteStrategy(steps)
{
    public override int TargetSlot(SecretRotation rotation, RotationPlan plan, string trigger) => 0;
}
