using System.CommandLine;

namespace Firebreak.Cli;

/// <summary>A command whose words may start with one dash (a note such as "-5 degrees at the edge"): only words starting with "--" are options.</summary>
/// <remarks>On every other command a word starting with a dash that is not one of its options is refused as an unknown option.</remarks>
internal sealed class FreeTextCommand(string name, string description) : Command(name, description);
