namespace Firebreak.Cli;

/// <summary>Text from the command line made safe to echo: control characters are written as \xNN.</summary>
internal static class CliText
{
    /// <summary>The text with every control character written as \xNN.</summary>
    public static string Printable(string value) =>
        value.Any(char.IsControl) ? string.Concat(value.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString())) : value;
}
