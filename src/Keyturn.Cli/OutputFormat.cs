namespace Keyturn.Cli;

internal enum OutputFormat
{
    Table,
    Json,
}
