using System.Globalization;
using System.Text.RegularExpressions;

namespace Firebreak.Core;

/// <summary>How a range was obtained: stated by the evidence, counted in it, or estimated from a ratio.</summary>
public enum EstimateBasis { Stated, Counted, Estimated }

/// <summary>A range with its basis, its source and what would make it exact; Low and High are null when nothing bounds it.</summary>
public sealed record EstimateRange(long? Low, long? High, EstimateBasis Basis, string Source, string Exact)
{
    /// <summary>"stated", "counted" or "estimated".</summary>
    public string BasisName => Basis.ToString().ToLowerInvariant();

    /// <summary>"697 users, counted in the logs", for readers who need the figure and its basis, not the file it came from.</summary>
    public string Plain(string noun)
    {
        if (Low is not { } low || High is not { } high)
        {
            return $"an unknown number of {noun}";
        }

        var range = Figures(low, high);
        var basis = Basis switch { EstimateBasis.Counted => "counted in the logs", EstimateBasis.Stated => "as reported by monitoring", _ => "estimated" };
        return $"{range} {noun}, {basis}";
    }

    /// <summary>"210,000–240,000 users (estimated from …)", "12,000 users (stated: …)" or "unknown (…)".</summary>
    public string Text(string noun)
    {
        if (Low is not { } low || High is not { } high)
        {
            return $"unknown ({Exact})";
        }

        var range = Figures(low, high);
        return Basis == EstimateBasis.Estimated ? $"{range} {noun} (estimated from {Source})" : $"{range} {noun} ({BasisName}: {Source})";
    }

    /// <summary>"1,200" or "1,200–2,500".</summary>
    private static string Figures(long low, long high) =>
        low == high ? low.ToString("N0", CultureInfo.InvariantCulture) : $"{low.ToString("N0", CultureInfo.InvariantCulture)}–{high.ToString("N0", CultureInfo.InvariantCulture)}";
}

/// <summary>The incident's impact as ranges: users and, when data was accessed or lost, records.</summary>
public sealed record ImpactEstimate(EstimateRange Users, EstimateRange? Records);

/// <summary>Options of the user estimate, with documented defaults.</summary>
/// <param name="RequestsPerUser">Requests a typical user makes during the incident, for the high end of an estimate from an error ratio (default 5: a user who retries a few times meets the error once at least).</param>
/// <param name="SignificantFigures">Significant figures an estimate keeps (default 2): an estimated range is rounded outward (low down, high up), a stated share of the user base to the nearest; counts stay exact.</param>
public sealed record ImpactEstimateOptions(int RequestsPerUser = 5, int SignificantFigures = 2)
{
    /// <summary>The defaults.</summary>
    public static ImpactEstimateOptions Default { get; } = new();
}

/// <summary>Rounds whole numbers to a number of significant figures (down, up or to the nearest); pure integer arithmetic.</summary>
public static class Significant
{
    /// <summary>The largest value at or below <paramref name="value"/> with at most <paramref name="figures"/> significant figures (216,000 → 210,000).</summary>
    public static long Down(long value, int figures) => value <= 0 ? value : value / Unit(value, figures) * Unit(value, figures);

    /// <summary>The smallest value at or above <paramref name="value"/> with at most <paramref name="figures"/> significant figures (239,998 → 240,000).</summary>
    public static long Up(long value, int figures)
    {
        if (value <= 0)
        {
            return value;
        }

        var unit = Unit(value, figures);
        return (value + unit - 1) / unit * unit;
    }

    /// <summary>The nearest value with at most <paramref name="figures"/> significant figures (11,994 → 12,000).</summary>
    public static long Nearest(long value, int figures)
    {
        if (value <= 0)
        {
            return value;
        }

        var unit = Unit(value, figures);
        return (value + (unit / 2)) / unit * unit;
    }

    private static long Unit(long value, int figures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(figures, 1);
        var digits = value.ToString(CultureInfo.InvariantCulture).Length;
        var unit = 1L;
        for (var i = 0; i < digits - figures; i++)
        {
            unit *= 10;
        }

        return unit;
    }
}

/// <summary>Estimates affected users from what the evidence states (an alert's "about 5% of users"), else from an error ratio as a range; pure.</summary>
/// <remarks>
/// Requests are not users: an error ratio r of requests means between r and 1-(1-r)^k of the users who made k requests
/// met an error. So the low end is r × users and the high end assumes <see cref="ImpactEstimateOptions.RequestsPerUser"/>.
/// </remarks>
public static partial class ImpactEstimator
{
    /// <summary>
    /// Estimates users: a share or count the evidence states (<paramref name="statements"/>, e.g. alert summaries) first,
    /// then a count of distinct ids in the logs (<paramref name="counted"/>), then a range from the error ratio.
    /// </summary>
    public static EstimateRange Users(IReadOnlyList<(string Text, string Source)> statements, long? userBase, double? errorRatio, string ratioSource, EstimateRange? counted = null, ImpactEstimateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statements);
        options ??= ImpactEstimateOptions.Default;
        const string Exact = "count the distinct user or account ids of failed requests in the logs";
        foreach (var (text, source) in statements)
        {
            if (StatedShare().Match(text) is { Success: true } share
                && double.TryParse(share.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is > 0 and <= 100)
            {
                if (userBase is { } total)
                {
                    var value = Significant.Nearest((long)Math.Round(percent / 100 * total), options.SignificantFigures);
                    return new EstimateRange(value, value, EstimateBasis.Stated, $"{source}: \"{share.Value.Trim()}\" of {total.ToString("N0", CultureInfo.InvariantCulture)} users (users: in firebreak.yaml)", Exact);
                }

                return new EstimateRange(null, null, EstimateBasis.Stated, $"{source}: \"{share.Value.Trim()}\"", "the user count needs users: in firebreak.yaml");
            }

            if (StatedCount().Match(text) is { Success: true } count
                && long.TryParse(count.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var users) && users > 0)
            {
                return new EstimateRange(users, users, EstimateBasis.Stated, $"{source}: \"{count.Value.Trim()}\"", Exact);
            }
        }

        if (counted is { Basis: EstimateBasis.Counted, Low: > 0 })
        {
            return counted;
        }

        if (errorRatio is { } r && r > 0 && userBase is { } all)
        {
            var ratio = Math.Min(1, r);
            var low = (long)Math.Round(ratio * all);
            var high = Math.Max(low, (long)Math.Round((1 - Math.Pow(1 - ratio, Math.Max(1, options.RequestsPerUser))) * all));
            return new EstimateRange(Significant.Down(low, options.SignificantFigures), Math.Min(all, Significant.Up(high, options.SignificantFigures)), EstimateBasis.Estimated,
                $"error ratio {PercentText.Of(ratio)} of requests ({ratioSource}) over {all.ToString("N0", CultureInfo.InvariantCulture)} users, 1 to {options.RequestsPerUser} requests per user", Exact);
        }

        return new EstimateRange(null, null, EstimateBasis.Estimated, "no stated share, no user count and no error ratio",
            userBase is null ? "needs users: in firebreak.yaml and an error-rate metric, or distinct user ids in the logs" : "needs an error-rate metric or distinct user ids in the logs");
    }

    [GeneratedRegex(@"(about|around|roughly|approximately|~|some)?\s*(?<n>\d+(\.\d+)?)\s?%\s+of\s+(users|customers|accounts|sessions|shoppers|visitors)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatedShare();

    [GeneratedRegex(@"(about|around|roughly|approximately|~|some)?\s*(?<n>\d{1,3}(,\d{3})+|\d+)\s+(users|customers|accounts)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatedCount();
}
