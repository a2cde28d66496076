namespace Keyturn.Bench.Micro;

/// <summary>
/// Where AesGcmSealer's and EnvelopeCipher's time goes over the bare primitive: building an AesGcm (a key schedule
/// and a native context) per call, which only the key overloads do, against what the sealer and the envelope add.
/// </summary>
public static class SealBreakdown
{
    public static string Note(IReadOnlyList<MicroRow> rows)
    {
        var bare = MicroSteps.Find(rows, nameof(SealBenchmarks.BareEncrypt));
        var perCall = MicroSteps.Find(rows, nameof(SealBenchmarks.BareEncryptNewKeySchedule));
        var sealer = MicroSteps.Find(rows, nameof(SealBenchmarks.SealerSeal));
        var reused = MicroSteps.Find(rows, nameof(SealBenchmarks.SealerSealReused));
        var envelope = MicroSteps.Find(rows, nameof(SealBenchmarks.EnvelopeSeal));
        var bareOpen = MicroSteps.Find(rows, nameof(SealBenchmarks.BareDecrypt));
        var sealerOpen = MicroSteps.Find(rows, nameof(SealBenchmarks.SealerOpen));
        var reusedOpen = MicroSteps.Find(rows, nameof(SealBenchmarks.SealerOpenReused));
        var envelopeOpen = MicroSteps.Find(rows, nameof(SealBenchmarks.EnvelopeOpen));
        return $"Seal: constructing an AesGcm per call costs {MicroSteps.Step(perCall, bare)} over the bare encrypt; " +
               $"AesGcmSealer.Seal given the key, which does that (RootKey wraps data keys this way), takes {MicroFormat.Ratio(sealer.Ratio)} the bare encrypt, " +
               $"and given a reused AesGcm {MicroFormat.Ratio(reused.Ratio)} ({MicroSteps.Step(reused, bare)}: the random nonce, the context as associated data, the output array). " +
               $"EnvelopeCipher, which takes an AesGcm from the data key's pool instead of building one, takes {MicroFormat.Ratio(envelope.Ratio)} the bare encrypt, " +
               $"{MicroSteps.Step(envelope, reused)} and {MicroSteps.Allocated(envelope, reused)} over the sealer with a reused AesGcm " +
               "(the context string, encoding the value, the data-key cache, the pool, the async call). " +
               $"Open: the sealer given the key takes {MicroFormat.Ratio(sealerOpen.Ratio)} the bare decrypt, given a reused AesGcm {MicroFormat.Ratio(reusedOpen.Ratio)}, " +
               $"EnvelopeCipher.OpenAsync {MicroFormat.Ratio(envelopeOpen.Ratio)} ({MicroSteps.Step(envelopeOpen, reusedOpen)} over the sealer with a reused AesGcm; " +
               $"bare decrypt {MicroSteps.Time(bareOpen)}).";
    }
}
