using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak action export &lt;id&gt;|--all [--csv|--json] [--out file] [--project dir]: preventive actions for a tracker.</summary>
public static class ActionExportCli
{
    /// <summary>The help, with the CSV columns.</summary>
    public static string Help => $"""
        firebreak action export <incident-id>|--all [--csv|--json] [--out file] [--project dir]
        Exports preventive actions: tracked ones (action add: A1, A2...) and the ones the respond flow proposed (R1, R2...).
        CSV (the default) is a tracker import file with the columns {string.Join(", ", ActionExportOutput.Columns)}
        (Jira's CSV importer maps them by name; due dates yyyy-MM-dd UTC; a cell starting with = + - @ is prefixed with ').
        --out writes the file (replacing it whole) instead of printing it.
        """;

    /// <summary>Parses the words and runs the export; 0 done, 2 bad input, 1 internal error.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TimeProvider time, RespondEnvironment environment, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(environment);
        if (args is ["--help"] or ["-h"])
        {
            console.Profile.Out.Writer.WriteLine(Help);
            return ExitCodes.Ok;
        }

        // --all is a flag of this command only; the shared option parser knows the common ones.
        var all = args.Contains("--all");
        var options = LiveOptions.Parse([.. args.Where(a => a != "--all")], ["--csv", "--json", "--out"], out var problem);
        if (options is null)
        {
            return FirebreakApp.BadInput(error, $"action export: {problem}");
        }

        if (options.Has("--json") && options.Has("--csv"))
        {
            return FirebreakApp.BadInput(error, "action export: give --csv or --json, not both");
        }

        IncidentId? id = null;
        switch (options.Positional)
        {
            case [] when all:
                break;
            case [var one] when !all:
                if (!IncidentId.TryParse(one, out var parsed, out var reason))
                {
                    return FirebreakApp.BadInput(error, $"action export: {reason}");
                }

                id = parsed;
                break;
            default:
                return FirebreakApp.BadInput(error, "action export: give one incident id or --all");
        }

        var outFile = options.Value("--out");
        if (outFile is not null && (Directory.Exists(outFile) || Path.GetDirectoryName(Path.GetFullPath(outFile)) is { } folder && !Directory.Exists(folder)))
        {
            return FirebreakApp.BadInput(error, $"action export: --out '{outFile}' is a directory or its folder does not exist");
        }

        try
        {
            var config = ProjectConfigLoader.Load(Path.GetFullPath(options.Value("--project") ?? currentDirectory));
            var actions = await new ActionExportHandler(new LiveServices(config, time, environment.OpenStore))
                .HandleAsync(new ActionExportQuery(id), cancellationToken).ConfigureAwait(false);
            var text = options.Has("--json") ? ActionExportOutput.Json(actions) : ActionExportOutput.CsvText(actions);
            if (outFile is null)
            {
                await console.Profile.Out.Writer.WriteAsync(text).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var full = Path.GetFullPath(outFile);
            var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
            try
            {
                await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, full, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            await console.Profile.Out.Writer.WriteLineAsync($"wrote {actions.Count} actions to {full}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is RequestRefusedException or ConfigException or PolicyException or IncidentStoreException)
        {
            return FirebreakApp.BadInput(error, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FirebreakApp.BadInput(error, $"action export: cannot write {outFile}: {ex.Message}");
        }
    }
}
