namespace Keyturn.AzureEmulator.Registrations;

internal enum RemovePasswordOutcome
{
    Removed,
    AppNotFound,
    KeyNotFound,
}
