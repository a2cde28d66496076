namespace Keyturn.AzureEmulator.Directory;

internal enum RemovePasswordOutcome
{
    Removed,
    AppNotFound,
    KeyNotFound,
}
