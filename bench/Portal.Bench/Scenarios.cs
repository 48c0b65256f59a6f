namespace Portal.Bench;

public static class Scenarios
{
    public static Task<IReadOnlyList<Measurement>> RunAsync(string name, BenchOptions options, TextWriter log) => name switch
    {
        "history" => HistoryScenario.RunAsync(options, log),
        "timeline" => TimelineScenario.RunAsync(options, log),
        "live" => LiveScenario.RunAsync(options, log),
        "lookup" => LookupScenario.RunAsync(options, log),
        "overdue" => OverdueScenario.RunAsync(options, log),
        "intake" => IntakeScenario.RunAsync(options, log),
        "overload" => OverloadScenario.RunAsync(options, log),
        "circuits" => CircuitScenario.RunAsync(options, log),
        "large" => LargeCustomerScenario.RunAsync(options, log),
        "mail" => MailScenario.RunAsync(options, log),
        "webhooks" => WebhookScenario.RunAsync(options, log),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };
}

/// <summary>The signed-in person a query handler acts for.</summary>
public sealed class BenchUser : Portal.Application.Abstractions.ICurrentUser
{
    public Portal.Application.Abstractions.Actor? Actor { get; set; }

    public Task<Portal.Application.Abstractions.Actor?> GetActorAsync() => Task.FromResult(Actor);
}
