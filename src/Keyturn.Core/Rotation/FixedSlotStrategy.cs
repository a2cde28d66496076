using Keyturn.Core.Domain;
using Keyturn.Core.Providers;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Fixed-slot shape (storage key1/key2, database user1/user2): the slots are named at the target and each rotation
/// regenerates or sets the inactive one, so the active one keeps working until the next rotation. With one slot
/// (a single key name) the active credential itself is replaced: single-phase, with the window its docs state.
/// </summary>
internal sealed class FixedSlotStrategy(AttemptSteps steps) : OverwriteStrategy(steps)
{
    public override int TargetSlot(SecretRotation rotation, RotationPlan plan, string trigger) =>
        trigger == JobTriggers.Create || plan.SlotCount == 1 ? 0 : 1 - rotation.ActiveIndex;
}
