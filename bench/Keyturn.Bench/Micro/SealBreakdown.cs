using Keyturn.Bench.Report;

namespace Keyturn.Bench.Micro;

/// <summary>How much of AesGcmSealer's cost over the bare primitive is building an AesGcm (a key schedule and a native context) per call.</summary>
public static class SealBreakdown
{
    public static string Note(IReadOnlyList<MicroRow> rows)
    {
        var bare = MicroSteps.Find(rows, nameof(SealBenchmarks.BareEncrypt));
        var perCall = MicroSteps.Find(rows, nameof(SealBenchmarks.BareEncryptNewKeySchedule));
        var sealer = MicroSteps.Find(rows, nameof(SealBenchmarks.SealerSeal));
        var envelope = MicroSteps.Find(rows, nameof(SealBenchmarks.EnvelopeSeal));
        return $"Seal: AesGcmSealer.Seal takes {Format.Ratio(sealer.Ratio)} the bare encrypt, {MicroSteps.Step(sealer, bare)}; " +
               $"constructing an AesGcm per call, which the sealer does for every seal and open, accounts for {MicroSteps.Step(perCall, bare)} of it. " +
               $"EnvelopeCipher adds {MicroSteps.Step(envelope, sealer)} and {MicroSteps.Allocated(envelope, sealer)} over the sealer " +
               "(the context string, encoding the value, the data-key cache, the async call).";
    }
}
