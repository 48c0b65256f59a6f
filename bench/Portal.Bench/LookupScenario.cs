using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Features.Staff;

namespace Portal.Bench;

/// <summary>
/// The staff one-box lookup through its real handler, at 1,000,000 devices and at 10,000: exact terms (serial,
/// device management number) and prefixes (of those and of host names). Indexed lookups grow with log n, so
/// the large database may be at most 3x slower than the small one.
/// </summary>
public static class LookupScenario
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var large = options.DevicesOr(1_000_000, 2_000);
        var small = Math.Max(100, large / 100);
        var iterations = options.Smoke ? 30 : 400;
        var atSmall = await MeasureAsync(small, iterations, log);
        var atLarge = await MeasureAsync(large, iterations, log);
        return
        [
            new("lookup", $"exact p50 @{large:N0}", atLarge.Exact.Percentile(50), "ms"),
            Measurement.AtMost("lookup", $"exact p95 @{large:N0}", atLarge.Exact.Percentile(95), "ms", 5),
            new("lookup", $"prefix p50 @{large:N0}", atLarge.Prefix.Percentile(50), "ms"),
            Measurement.AtMost("lookup", $"prefix p95 @{large:N0}", atLarge.Prefix.Percentile(95), "ms", 50),
            new("lookup", $"exact p95 @{small:N0}", atSmall.Exact.Percentile(95), "ms"),
            new("lookup", $"prefix p95 @{small:N0}", atSmall.Prefix.Percentile(95), "ms"),
            Measurement.AtMost("lookup", $"exact p95 {large:N0}/{small:N0}", atLarge.Exact.Percentile(95) / atSmall.Exact.Percentile(95), "x", 3),
            Measurement.AtMost("lookup", $"prefix p95 {large:N0}/{small:N0}", atLarge.Prefix.Percentile(95) / atSmall.Prefix.Percentile(95), "x", 3),
        ];
    }

    private static async Task<(Latencies Exact, Latencies Prefix)> MeasureAsync(int devices, int iterations, TextWriter log)
    {
        var user = new BenchUser { Actor = new Actor(Guid.NewGuid(), "bench staff", IsStaff: true, SessionId: Guid.NewGuid().ToString("N")) };
        await using var database = await BenchDatabase.CreateAsync(new SeedPlan(devices), TimeProvider.System, user);
        log.WriteLine($"   seeded {devices:N0} devices in {database.SeedTime.TotalSeconds:F0} s");

        // Staff search customer data only with the sign-in's reason given, as in the portal.
        var reason = await database.Services.GetRequiredService<GiveStaffReasonHandler>().HandleAsync(new GiveStaffReasonCommand("bench"));
        if (!reason.IsOk)
        {
            throw new BenchCheckFailedException($"giving the staff reason answered {string.Join(",", reason.Errors.Select(e => e.Code))}");
        }

        var handler = database.Services.GetRequiredService<SearchDevicesHandler>();
        var random = new Random(9);

        // A longer warm-up than the default: the first database measured would otherwise pay for JIT and EF's query cache.
        var exact = await Latencies.MeasureAsync(iterations, warmup: 100, operation: async i =>
        {
            var device = random.Next(devices);
            var term = i % 2 == 0 ? BenchDatabase.SerialNumber(device) : BenchDatabase.DeviceManagementNumber(device);
            var rows = await SearchAsync(handler, term);
            if (rows.Count == 0 || !rows[0].Exact || rows[0].DeviceManagementNumber != BenchDatabase.DeviceManagementNumber(device))
            {
                throw new BenchCheckFailedException($"exact lookup of {term} did not find device {device} first");
            }
        });

        // Prefixes that match many devices (the first digits of a number, the start of a host name).
        var prefix = await Latencies.MeasureAsync(iterations, warmup: 100, operation: async i =>
        {
            var device = random.Next(devices);
            var term = (i % 3) switch
            {
                0 => BenchDatabase.SerialNumber(device)[..5],
                1 => BenchDatabase.DeviceManagementNumber(device)[..7],
                _ => BenchDatabase.HostName(device)[..9],
            };
            var rows = await SearchAsync(handler, term);
            if (rows.Count == 0 || rows.Any(r => r.Exact))
            {
                throw new BenchCheckFailedException($"prefix lookup of {term} found {rows.Count} rows");
            }
        });
        return (exact, prefix);
    }

    private static async Task<IReadOnlyList<StaffDeviceRow>> SearchAsync(SearchDevicesHandler handler, string term)
    {
        var result = await handler.HandleAsync(new SearchDevicesQuery(term));
        return result.IsOk ? result.Value! : throw new BenchCheckFailedException($"lookup of {term} answered {result.Errors[0].Code}");
    }
}
