using System.Globalization;

namespace Portal.Bench;

/// <summary>dotnet run -c Release --project bench/Portal.Bench -- &lt;scenario|all&gt; [--devices N] [--reports N] [--smoke] ...</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [Load.ChildCommand, var plan])
        {
            return await Load.ChildMainAsync(plan);
        }

        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        Console.WriteLine($"Portal.Bench: {string.Join(", ", options.Scenarios)} on {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):F1} GB, .NET {Environment.Version}{(options.Smoke ? " (smoke: tiny data, bars not judged)" : string.Empty)}");
        var rows = new List<Measurement>();
        var failures = new List<string>();
        foreach (var scenario in options.Scenarios)
        {
            Console.WriteLine($"-- {scenario}");
            try
            {
                var measured = await Scenarios.RunAsync(scenario, options, Console.Out);
                rows.AddRange(options.Smoke ? measured.Select(m => m with { Met = null }) : measured);
            }
            catch (BenchCheckFailedException failed)
            {
                // A wrong answer (lost report, error responses) fails the run in every mode, smoke included.
                failures.Add($"{scenario}: {failed.Message}");
            }
        }

        Console.WriteLine();
        ResultTable.Print(rows, Console.Out);
        foreach (var failure in failures)
        {
            Console.Error.WriteLine($"FAILED {failure}");
        }

        return failures.Count == 0 ? 0 : 1;
    }
}

/// <summary>A scenario measured something wrong, not merely slow: the run fails.</summary>
public sealed class BenchCheckFailedException(string message) : Exception(message);

public sealed record BenchOptions(
    IReadOnlyList<string> Scenarios,
    int? Devices,
    long? Reports,
    bool Smoke,
    int Seconds,
    int Clients,
    int Circuits,
    bool OutOfProcessLoad)
{
    public static readonly string[] All = ["intake", "overload", "mail", "webhooks", "history", "timeline", "live", "lookup", "overdue", "circuits", "large"];

    public const string Usage = """
        usage: Portal.Bench <intake|overload|mail|webhooks|history|timeline|live|lookup|overdue|circuits|large|all> [options]
          --devices N    devices in the database (scenario default otherwise)
          --reports N    reports in the database (history)
          --seconds N    intake: measured seconds per endpoint (default 15)
          --clients N    intake: concurrent HTTP clients (default 32)
          --circuits N   circuits: Chromium pages signed in on a device page (default 50)
          --load in|out  intake, overload: send from a second process (out, default), so the portal's own
                         CPU, memory and ceiling show, or from this one (in)
          --smoke        tiny data and short runs: checks the tool works; bars are not judged
        """;

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0)
        {
            return null;
        }

        var scenarios = args[0] == "all" ? All : args[0].Split(',');
        if (scenarios.Any(s => !All.Contains(s)))
        {
            return null;
        }

        int? devices = null;
        long? reports = null;
        var smoke = false;
        var seconds = 15;
        var clients = 32;
        var circuits = 50;
        var outOfProcess = true;
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--devices": devices = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--reports": reports = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--clients": clients = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--circuits": circuits = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--load": outOfProcess = Next() switch { "out" => true, "in" => false, _ => throw new ArgumentException("--load is in or out.") }; break;
                case "--smoke": smoke = true; break;
                default: return null;
            }
        }

        return smoke
            ? new BenchOptions(scenarios, devices, reports, true, Math.Min(seconds, 2), Math.Min(clients, 4), Math.Min(circuits, 2), outOfProcess)
            : new BenchOptions(scenarios, devices, reports, false, seconds, clients, circuits, outOfProcess);
    }

    /// <summary>The size to use: the one given, else the scenario's full size, else (smoke) a tiny one.</summary>
    public int DevicesOr(int full, int smoke) => Devices ?? (Smoke ? smoke : full);
}
