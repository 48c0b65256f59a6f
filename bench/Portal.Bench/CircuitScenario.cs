namespace Portal.Bench;

public static class CircuitScenario
{
    public static Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log) => Task.FromResult<IReadOnlyList<Measurement>>([]);
}
