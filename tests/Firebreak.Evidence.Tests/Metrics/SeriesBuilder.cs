using System.Globalization;
using System.Text;

namespace Firebreak.Evidence.Tests;

/// <summary>Builds realistic synthetic series: a noisy baseline, steps with ramps, slow leaks and daily cycles.</summary>
internal sealed class SeriesBuilder(DateTimeOffset asOf, double baseline, double noise, int seed = 7)
{
    private readonly List<(TimeSpan Before, double Value, TimeSpan Ramp)> _steps = [];
    private readonly Random _random = new(seed);

    public TimeSpan Window { get; init; } = TimeSpan.FromHours(6);

    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(30);

    public double DailyCycle { get; init; }

    /// <summary>A slow linear drift per hour over the whole window (a leak).</summary>
    public double DriftPerHour { get; init; }

    public SeriesBuilder StepTo(TimeSpan before, double value, TimeSpan ramp = default)
    {
        _steps.Add((before, value, ramp));
        return this;
    }

    public List<MetricSample> Samples()
    {
        var samples = new List<MetricSample>();
        for (var t = asOf - Window; t <= asOf; t += Step)
        {
            double level = baseline, previous = baseline;
            foreach (var (before, value, ramp) in _steps.OrderByDescending(s => s.Before))
            {
                var start = asOf - before;
                if (t >= start + ramp)
                {
                    level = previous = value;
                }
                else if (t >= start && ramp > TimeSpan.Zero)
                {
                    level = previous + ((value - previous) * (t - start).TotalSeconds / ramp.TotalSeconds);
                    break;
                }
                else
                {
                    break;
                }
            }

            level += DriftPerHour * (t - (asOf - Window)).TotalHours;
            var v = Math.Max(0, level + (Gaussian() * noise));
            if (DailyCycle != 0)
            {
                v *= 1 + (DailyCycle * Math.Sin(2 * Math.PI * t.ToUnixTimeSeconds() / 86400.0));
            }

            samples.Add(new MetricSample(t, v));
        }

        return samples;
    }

    public MetricSeries Series(string kind, string name = "m") =>
        new(name, kind, "checkout-api", new Dictionary<string, string>(), Samples(), new SourceRef($"metrics/{name}.json"));

    /// <summary>The series as a Prometheus query_range answer.</summary>
    public string PrometheusJson(string name)
    {
        var values = string.Join(',', Samples().Select(s =>
            $"[{(s.At.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)},\"{s.Value.ToString("G6", CultureInfo.InvariantCulture)}\"]"));
        return new StringBuilder()
            .Append("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"")
            .Append(name)
            .Append("\",\"service\":\"shop\",\"component\":\"checkout-api\"},\"values\":[")
            .Append(values)
            .Append("]}]}}")
            .ToString();
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
