namespace Keyturn.Core.Crypto;

/// <summary>
/// Sees every plaintext the envelope cipher seals or opens. Production registers none; the test hosts register one
/// that records the values so the suite can prove its captured logs never contain them.
/// </summary>
public interface IPlaintextObserver
{
    void Observed(string plaintext);
}
