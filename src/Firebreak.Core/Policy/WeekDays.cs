namespace Firebreak.Core;

/// <summary>Day names as settings write them (<c>mon</c>, <c>monday</c>, ranges such as <c>mon-fri</c> or <c>fri-mon</c>); pure.</summary>
public static class WeekDays
{
    /// <summary>What a setting may write, for error messages.</summary>
    public const string Expected = "use mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri";

    /// <summary>The days named, ranges expanded (wrapping past Sunday); <paramref name="notADay"/> makes the error for a name that is not a day.</summary>
    public static HashSet<DayOfWeek> Expand(IEnumerable<string> names, Func<string, Exception> notADay)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(notADay);
        var days = new HashSet<DayOfWeek>();
        foreach (var name in names)
        {
            var range = name.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length == 2)
            {
                var first = Day(range[0], notADay);
                var last = Day(range[1], notADay);
                for (var day = first; ; day = (DayOfWeek)(((int)day + 1) % 7))
                {
                    days.Add(day);
                    if (day == last)
                    {
                        break;
                    }
                }
            }
            else
            {
                days.Add(Day(name, notADay));
            }
        }

        return days;
    }

    private static DayOfWeek Day(string name, Func<string, Exception> notADay)
    {
        var key = name.Trim().ToLowerInvariant();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var full = day.ToString().ToLowerInvariant();
            if (key == full || key == full[..3])
            {
                return day;
            }
        }

        throw notADay(name);
    }
}
