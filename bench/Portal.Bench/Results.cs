using System.Diagnostics;
using System.Globalization;

namespace Portal.Bench;

/// <summary>Latency samples of one measured operation, in milliseconds.</summary>
public sealed class Latencies
{
    private readonly List<double> _samples = [];
    private readonly object _gate = new();

    public int Count => _samples.Count;

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples.Add(milliseconds);
        }
    }

    public double Percentile(double p)
    {
        lock (_gate)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToArray();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }

    /// <summary>Runs <paramref name="operation"/> a few times unmeasured (JIT, caches), then <paramref name="iterations"/> times measured.</summary>
    public static async Task<Latencies> MeasureAsync(int iterations, Func<int, Task> operation, int warmup = 10)
    {
        for (var i = 0; i < warmup; i++)
        {
            await operation(i);
        }

        var latencies = new Latencies();
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(warmup + i);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return latencies;
    }
}

/// <summary>One line of the printed table: a measured value against its bar (if the issue sets one).</summary>
public sealed record Measurement(string Scenario, string Metric, double Value, string Unit, string? Bar = null, bool? Met = null)
{
    public static Measurement AtMost(string scenario, string metric, double value, string unit, double bar) =>
        new(scenario, metric, value, unit, $"<= {Format(bar)}", value <= bar);

    public static Measurement AtLeast(string scenario, string metric, double value, string unit, double bar) =>
        new(scenario, metric, value, unit, $">= {Format(bar)}", value >= bar);

    public static string Format(double value) => value switch
    {
        double.NaN => "n/a",
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };
}

public static class ResultTable
{
    public static void Print(IReadOnlyList<Measurement> rows, TextWriter output)
    {
        string[] header = ["scenario", "metric", "value", "unit", "bar", "result"];
        var cells = rows.Select(r => new[]
        {
            r.Scenario, r.Metric, Measurement.Format(r.Value), r.Unit, r.Bar ?? string.Empty,
            r.Met switch { true => "met", false => "MISSED", null => string.Empty },
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        void Line(string[] values) => output.WriteLine("| " + string.Join(" | ", values.Select((v, i) => i == 2 ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))) + " |");
        Line(header);
        output.WriteLine("|" + string.Join("|", widths.Select((w, i) => new string('-', w + 2)[..^1] + (i == 2 ? ":" : "-"))) + "|");
        foreach (var row in cells)
        {
            Line(row);
        }
    }
}
