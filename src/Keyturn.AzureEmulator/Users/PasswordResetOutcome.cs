namespace Keyturn.AzureEmulator.Users;

internal enum PasswordResetOutcome
{
    Reset,
    UserNotFound,
    ComplexityNotMet,
}
