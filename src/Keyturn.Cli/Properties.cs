using System.Runtime.CompilerServices;

// Tests read request bodies from parsed commands without going through HTTP.
[assembly: InternalsVisibleTo("Keyturn.Cli.Tests")]
