namespace Portal.Bench;

public static class IntakeScenario
{
    public static Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log) => Task.FromResult<IReadOnlyList<Measurement>>([]);
}
