using System.Diagnostics;
using Portal.E2E.Support;

namespace Portal.E2E;

/// <summary>
/// The benchmark tool (bench/Portal.Bench) is not part of the normal run, so it could rot unnoticed: every
/// scenario runs here once on tiny data (real seeding, real handlers, real HTTP, real Chromium) and must finish
/// without a wrong answer. Its bars are judged only in full runs.
/// </summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task EveryScenarioRunsOnTinyData()
    {
        var root = PortalServer.RepositoryRoot();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(root, "bench", "Portal.Bench", "bin", configuration, "net10.0", "Portal.Bench.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the solution build includes the bench.");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, "all", "--smoke" })
        {
            start.ArgumentList.Add(argument);
        }

        using var bench = Process.Start(start)!;
        var output = bench.StandardOutput.ReadToEndAsync();
        var errors = bench.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await bench.WaitForExitAsync(timeout.Token);

        var printed = await output;
        Assert.True(bench.ExitCode == 0, $"exit {bench.ExitCode}\n{printed}\n{await errors}");
        var table = printed[printed.LastIndexOf("| scenario", StringComparison.Ordinal)..];
        foreach (var row in new[] { "| intake   | reports/s", "| history  | first page p95", "| lookup   | exact p95", "| overdue  | scan @", "| circuits | server memory per circuit", "| webhooks | deliveries/s" })
        {
            Assert.Contains(row, table, StringComparison.Ordinal);
        }
    }
}
