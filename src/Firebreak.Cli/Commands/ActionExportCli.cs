using System.CommandLine;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Cli;

/// <summary>firebreak action export &lt;id&gt;|--all [--csv|--json] [--out file] [--project dir]: preventive actions for a tracker.</summary>
public static class ActionExportCli
{
    /// <summary>What the help adds below the options: the CSV columns.</summary>
    public static string Notes => $"""
        Tracked actions (action add: A1, A2...) and the ones the respond flow proposed (R1, R2...). CSV is a tracker import
        file with the columns {string.Join(", ", ActionExportOutput.Columns)} (Jira's CSV importer maps them by name; due
        dates yyyy-MM-dd UTC; a cell starting with = + - @ is prefixed with '). See docs/metrics.md.
        """;

    /// <summary>The export subcommand of action, its action bound to <paramref name="context"/>.</summary>
    internal static Command Create(CliContext context, IDictionary<Command, string> notes)
    {
        var command = new Command("export", "Export preventive actions as a tracker's CSV import file (default) or JSON.");
        var id = CliSymbols.OptionalWord("incident-id", "The incident whose actions to export; or --all.");
        var all = CliSymbols.Flag("--all", "Export the actions of every incident. Default: the one incident named.");
        var csv = CliSymbols.Flag("--csv", "CSV in a tracker's import format. Default: on unless --json is given.");
        var json = CliSymbols.Json("the actions");
        var outFile = CliSymbols.Value("--out", "file", "Write the export to this file (replaced whole) instead of printing it. Default: stdout.");
        var project = CliSymbols.Project();
        command.Arguments.Add(id);
        command.Options.Add(all);
        command.Options.Add(csv);
        command.Options.Add(json);
        command.Options.Add(outFile);
        command.Options.Add(project);
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetValue(id), parsed.GetValue(all), parsed.GetValue(csv), parsed.GetValue(json),
            parsed.GetValue(outFile), parsed.GetValue(project), context, cancellationToken));
        notes[command] = Notes;
        return command;
    }

    /// <summary>Runs the export; 0 done, 2 bad input, 1 internal error.</summary>
    private static async Task<int> RunAsync(string? incident, bool all, bool csv, bool json, string? outFile, string? project, CliContext context, CancellationToken cancellationToken)
    {
        var error = context.Error;
        if (json && csv)
        {
            return FirebreakApp.BadInput(error, "action export: give --csv or --json, not both");
        }

        IncidentId? id = null;
        if ((incident is null) != all)
        {
            return FirebreakApp.BadInput(error, "action export: give one incident id or --all");
        }

        if (incident is not null)
        {
            if (!IncidentId.TryParse(incident, out var parsed, out var reason))
            {
                return FirebreakApp.BadInput(error, $"action export: {reason}");
            }

            id = parsed;
        }

        var full = outFile is null ? null : context.FullPath(outFile);
        if (full is not null && (Directory.Exists(full) || !Directory.Exists(Path.GetDirectoryName(full))))
        {
            return FirebreakApp.BadInput(error, $"action export: --out '{outFile}' is a directory or its folder does not exist");
        }

        try
        {
            var config = ProjectConfigLoader.Load(project is null ? context.CurrentDirectory : context.FullPath(project));
            var actions = await new ActionExportHandler(new LiveServices(config, context.Time, context.Environment.OpenStore))
                .HandleAsync(new ActionExportQuery(id), cancellationToken).ConfigureAwait(false);
            var text = json ? ActionExportOutput.Json(actions) : ActionExportOutput.CsvText(actions);
            if (full is null)
            {
                await context.Output.WriteAsync(text).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

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

            await context.Output.WriteLineAsync($"wrote {actions.Count} actions to {full}").ConfigureAwait(false);
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
