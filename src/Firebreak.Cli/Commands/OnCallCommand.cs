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

    private const string Usage =
        "firebreak oncall [project-directory] [--at T] [--role R] [--component C] [--json] | --gaps [--role R] [--from T] [--to T] | --ics ROTATION [--from T] [--to T]";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Parses the arguments and answers.</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);
        string? directory = null, role = null, component = null, ics = null;
        DateTimeOffset? at = null, from = null, to = null;
        bool gaps = false, json = false;
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            if (option is "--at" or "--from" or "--to" or "--role" or "--component" or "--ics" && i + 1 >= args.Length)
            {
                return FirebreakApp.BadInput(error, $"{option} needs a value; usage: {Usage}");
            }

            switch (option)
            {
                case "--at" or "--from" or "--to":
                    if (!TryMoment(args[++i], out var moment))
                    {
                        return FirebreakApp.BadInput(error, $"{option} needs a moment with an offset, e.g. 2026-11-03T09:00:00+01:00, not '{args[i]}'");
                    }

                    if (option == "--at")
                    {
                        at = moment;
                    }
                    else if (option == "--from")
                    {
                        from = moment;
                    }
                    else
                    {
                        to = moment;
                    }

                    break;
                case "--role":
                    role = args[++i];
                    break;
                case "--component":
                    component = args[++i];
                    break;
                case "--ics":
                    ics = args[++i];
                    break;
                case "--gaps":
                    gaps = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "--help" or "-h":
                    console.WriteLine($"Usage: {Usage}");
                    return ExitCodes.Ok;
                case var unknown when unknown.StartsWith('-') && unknown.Length > 1:
                    return FirebreakApp.BadInput(error, $"unknown option '{unknown}' for oncall; usage: {Usage}");
                default:
                    if (directory is not null)
                    {
                        return FirebreakApp.BadInput(error, $"one project directory at most, not '{directory}' and '{option}'");
                    }

                    directory = option;
                    break;
            }
        }

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

        var project = Path.GetFullPath(directory ?? ".");
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
                console.Profile.Out.Writer.Write(RotationCalendar.Export(rotation, start, end, time.GetUtcNow()));
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

    private static bool TryMoment(string text, out DateTimeOffset moment)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (t > 0 && text.AsSpan(t).IndexOfAny('+', '-') > 0);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out moment) & hasOffset;
    }
}
