using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Notify;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>firebreak oncall: who is on call and who would be paged at each tier, coverage gaps, and a rotation as iCalendar, from oncall: in firebreak.yaml.</summary>
public static class OnCallCommand
{
    /// <summary>The span --gaps and --ics cover when --to is not given. The default is 7 days.</summary>
    public static TimeSpan DefaultSpan { get; } = TimeSpan.FromDays(7);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The oncall command, its action bound to <paramref name="context"/>.</summary>
    internal static Command Create(CliContext context)
    {
        const string Moment = "a moment with an offset, e.g. 2026-11-03T09:00:00+01:00 or ...Z";
        var command = new Command("oncall", "Who is on call and who would be paged at each tier; coverage gaps; a rotation as iCalendar.");
        var directory = CliSymbols.OptionalWord("project-directory", "The project whose firebreak.yaml oncall: section is read. Default: the current directory.");
        var at = CliSymbols.Moment("--at", "time", $"Who is on call at that moment ({Moment}). Default: now.", OnCallMoment);
        var role = CliSymbols.Value("--role", "role", $"Only this role: {string.Join(", ", OnCallParser.RoleKeys.Keys)}. Default: every tier of the paging plan (with --gaps: tier1).");
        var component = CliSymbols.Value("--component", "name", "For this component's overrides. Default: the service-wide schedule.");
        var gaps = CliSymbols.Flag("--gaps", "List the spans between --from and --to where nobody (or only a backup) is on call. Default: off.");
        var ics = CliSymbols.Value("--ics", "rotation", "Print the named rotation (under oncall.rotations) as iCalendar between --from and --to, one event per shift, overrides applied. Default: off.");
        var from = CliSymbols.Moment("--from", "time", $"Start of the --gaps or --ics span ({Moment}). Default: --at, else now.", OnCallMoment);
        var to = CliSymbols.Moment("--to", "time", $"End of the --gaps or --ics span ({Moment}). Default: --from plus 7 days.", OnCallMoment);
        var json = CliSymbols.Json("the answers (or the gaps)");
        command.Arguments.Add(directory);
        foreach (var option in new Option[] { at, role, component, gaps, ics, from, to, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed => Run(
            new OnCallQuery(parsed.GetValue(directory), parsed.GetValue(at), parsed.GetValue(from), parsed.GetValue(to), parsed.GetValue(role),
                parsed.GetValue(component), parsed.GetValue(ics), parsed.GetValue(gaps), parsed.GetValue(json)),
            context));
        return command;
    }

    /// <summary>What the oncall command line asks.</summary>
    private sealed record OnCallQuery(string? Directory, DateTimeOffset? At, DateTimeOffset? From, DateTimeOffset? To, string? Role, string? Component, string? Ics, bool Gaps, bool Json);

    /// <summary>Answers the question.</summary>
    private static int Run(OnCallQuery query, CliContext context)
    {
        var (console, error, time) = (context.Console, context.Error, context.Time);
        var (directory, at, from, to, role, component, ics, gaps, json) = query;
        if (gaps && ics is not null)
        {
            return FirebreakApp.BadInput(error, "--gaps and --ics are separate questions; ask one");
        }

        string? roleName = null;
        if (role is not null)
        {
            roleName = OnCallParser.RoleKeys.TryGetValue(role.Trim().Replace('-', '_'), out var byKey)
                ? byKey
                : OnCallParser.RoleKeys.Values.FirstOrDefault(r => string.Equals(r, role.Trim(), StringComparison.OrdinalIgnoreCase));
            if (roleName is null)
            {
                return FirebreakApp.BadInput(error, $"unknown role '{role}'; use {string.Join(", ", OnCallParser.RoleKeys.Keys)}");
            }
        }

        var project = context.FullPath(directory ?? ".");
        if (!Directory.Exists(project))
        {
            return FirebreakApp.BadInput(error, $"project directory {project} does not exist");
        }

        OnCallSchedule schedule;
        try
        {
            schedule = ProjectConfigLoader.Load(project).OnCall;
        }
        catch (ConfigException e)
        {
            return FirebreakApp.BadInput(error, e.Message);
        }

        var now = at ?? time.GetUtcNow();
        var start = from ?? now;
        var end = to ?? start + DefaultSpan;
        if ((gaps || ics is not null) && end <= start)
        {
            return FirebreakApp.BadInput(error, "--to must be after --from");
        }

        if (ics is not null)
        {
            if (!schedule.Rotations.TryGetValue(ics, out var rotation))
            {
                return FirebreakApp.BadInput(error, $"no rotation '{ics}' under oncall.rotations" +
                    (schedule.Rotations.Count == 0 ? string.Empty : $"; known: {string.Join(", ", schedule.Rotations.Keys)}"));
            }

            try
            {
                console.Profile.Out.Writer.Write(RotationCalendar.Export(rotation, start, end, time.GetUtcNow(), schedule.Overrides));
            }
            catch (ArgumentException e)
            {
                return FirebreakApp.BadInput(error, e.Message);
            }

            return ExitCodes.Ok;
        }

        if (schedule.IsEmpty)
        {
            console.WriteLine("No on-call schedules: add an oncall: section to firebreak.yaml (see docs/live.md).");
            return ExitCodes.Ok;
        }

        if (gaps)
        {
            var found = schedule.Gaps(roleName ?? Roles.Tier1OnCall, start, end, component);
            if (json)
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(found, Json));
                return ExitCodes.Ok;
            }

            console.WriteLine($"{roleName ?? Roles.Tier1OnCall}{(component is null ? string.Empty : $" ({component})")}: coverage from {Stamp(start)} to {Stamp(end)}");
            if (found.Count == 0)
            {
                console.WriteLine("  no gaps: a layer has an available person throughout");
            }

            foreach (var gap in found)
            {
                console.WriteLine($"  {Stamp(gap.From)} to {Stamp(gap.To)}: {(gap.CoveredBy is { } backup ? $"only the backup, {backup}" : "NOBODY")}");
            }

            return ExitCodes.Ok;
        }

        var answers = roleName is null
            ? schedule.PagingPlan(now, component).Select(p => p.Answer).ToList()
            : [schedule.WhoIsOnCall(roleName, now, component)];
        if (json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(answers, Json));
            return ExitCodes.Ok;
        }

        console.WriteLine($"On call at {Stamp(now)}{(component is null ? string.Empty : $" for {component}")}:");
        foreach (var answer in answers)
        {
            console.WriteLine($"  {answer.Role}: {answer.Person ?? "nobody"} ({answer.Reason})");
        }

        return ExitCodes.Ok;
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? OnCallMoment(string option, string text, out string problem)
    {
        problem = TryMoment(text, out var moment) ? string.Empty : $"{option} needs a moment with an offset, e.g. 2026-11-03T09:00:00+01:00, not '{CliText.Printable(text)}'";
        return problem.Length == 0 ? moment : null;
    }

    private static bool TryMoment(string text, out DateTimeOffset moment)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (t > 0 && text.AsSpan(t).IndexOfAny('+', '-') > 0);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out moment) & hasOffset;
    }
}
