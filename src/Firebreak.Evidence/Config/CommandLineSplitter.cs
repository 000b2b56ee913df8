using System.Text;

namespace Firebreak.Evidence;

/// <summary>Splits a command template into arguments the way a POSIX shell would quote them, without ever running a shell.</summary>
public static class CommandLineSplitter
{
    /// <summary>Splits on unquoted whitespace; single quotes are literal, double quotes allow \" and \\, a backslash outside quotes escapes the next character.</summary>
    /// <exception cref="FormatException">A quote is not closed or the text ends with a lone backslash.</exception>
    public static List<string> Split(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var args = new List<string>();
        var current = new StringBuilder();
        var inArgument = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case '\'':
                    inArgument = true;
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException("unclosed single quote");
                    }

                    current.Append(command, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inArgument = true;
                    i++;
                    while (true)
                    {
                        if (i >= command.Length)
                        {
                            throw new FormatException("unclosed double quote");
                        }

                        if (command[i] == '"')
                        {
                            break;
                        }

                        if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }

                        current.Append(command[i]);
                        i++;
                    }

                    break;
                case '\\':
                    if (i + 1 >= command.Length)
                    {
                        throw new FormatException("the command ends with a lone backslash");
                    }

                    inArgument = true;
                    current.Append(command[++i]);
                    break;
                case var _ when char.IsWhiteSpace(c):
                    if (inArgument)
                    {
                        args.Add(current.ToString());
                        current.Clear();
                        inArgument = false;
                    }

                    break;
                default:
                    inArgument = true;
                    current.Append(c);
                    break;
            }
        }

        if (inArgument)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}
