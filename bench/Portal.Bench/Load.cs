using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Portal.Bench;

/// <summary>
/// How reports are offered to the portal. Closed: each client sends its next report once the last is answered.
/// Open: a fixed rate whatever the answers, each request given up after <see cref="GiveUpAfter"/> as a gateway
/// would. Mix: "periodic" is 95% periodic and 5% failures; "failure" is failures only. After an open-loop flood
/// one more report is sent at once, to time how soon the portal answers again.
/// </summary>
/// <remarks><paramref name="FirstDevice"/>: reports go to devices from it up to <paramref name="Devices"/> (those before it are left alone).</remarks>
public sealed record LoadPlan(string Mode, Uri Url, int Clients, double Rate, double Seconds, int Devices, string Prefix, string Mix, string[] Tokens, int FirstDevice = 0)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(3);
}

/// <summary>
/// One report's fate: its status (none when given up or refused by the network) and how long it took. In closed
/// mode a 503 is sent again after its Retry-After, as a gateway does: <see cref="Busy"/> counts those answers, and
/// the time is the last attempt's.
/// </summary>
public sealed record Answer(int? Status, double Milliseconds, bool Kept, string? Failure, int Busy = 0, double? RetryAfterSeconds = null);

public sealed record LoadResult(Answer[] Answers, double ElapsedSeconds, Answer? After)
{
    public double PerSecond(Func<Answer, bool> counted) => Answers.Count(counted) / ElapsedSeconds;
}

/// <summary>
/// Runs a <see cref="LoadPlan"/> in this process, or in a second process (<c>--load out</c>) so that the portal's
/// own CPU, memory and ceiling show without the load generator's share. The second process is this program again,
/// started with <c>load-child</c> and the plan, writing the answers to its standard output as JSON.
/// </summary>
public static class Load
{
    public const string ChildCommand = "load-child";

    /// <summary>How often a closed-loop client sends one report again after 503 before it counts as lost.</summary>
    private const int MaxResends = 5;

    public static Task<LoadResult> RunAsync(LoadPlan plan, bool outOfProcess) => outOfProcess ? InChildAsync(plan) : RunHereAsync(plan);

    /// <summary>The child's entry: the plan in, the result out.</summary>
    public static async Task<int> ChildMainAsync(string planJson)
    {
        var plan = JsonSerializer.Deserialize<LoadPlan>(planJson)!;
        var result = await RunHereAsync(plan);
        await using var output = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(output, result);
        return 0;
    }

    private static async Task<LoadResult> InChildAsync(LoadPlan plan)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Run through the dotnet host, or as the apphost itself.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Load).Assembly.Location);
        }

        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(JsonSerializer.Serialize(plan));

        // A sender, not a server: the workstation collector, so its heaps do not compete with the portal's.
        start.Environment["DOTNET_gcServer"] = "0";
        using var child = Process.Start(start)!;
        var result = await JsonSerializer.DeserializeAsync<LoadResult>(child.StandardOutput.BaseStream);
        await child.WaitForExitAsync();
        return child.ExitCode == 0 && result is not null
            ? result
            : throw new BenchCheckFailedException($"the load process ended with exit code {child.ExitCode}");
    }

    private static async Task<LoadResult> RunHereAsync(LoadPlan plan)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = plan.Mode == "open" ? 4096 : plan.Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        return plan.Mode == "open" ? await OpenAsync(http, plan) : await ClosedAsync(http, plan);
    }

    private static async Task<LoadResult> ClosedAsync(HttpClient http, LoadPlan plan)
    {
        var answers = new List<Answer>[plan.Clients];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(plan.Seconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, plan.Clients).Select(client => Task.Run(async () =>
        {
            var mine = answers[client] = [];
            for (var n = 0; Stopwatch.GetTimestamp() < deadline; n++)
            {
                var report = Report(plan, client, n);
                var answer = await SendAsync(http, report(), CancellationToken.None);
                for (var busy = 1; answer is { Status: 503, RetryAfterSeconds: { } wait } && busy <= MaxResends; busy++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait));
                    answer = await SendAsync(http, report(), CancellationToken.None) with { Busy = busy };
                }

                mine.Add(answer);
            }
        })));
        return new LoadResult([.. answers.SelectMany(a => a)], Stopwatch.GetElapsedTime(started).TotalSeconds, null);
    }

    private static async Task<LoadResult> OpenAsync(HttpClient http, LoadPlan plan)
    {
        var sent = new List<Task<Answer>>((int)(plan.Rate * plan.Seconds) + 16);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < plan.Seconds)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * plan.Rate);
            while (sent.Count < due)
            {
                sent.Add(GiveUpAsync(http, Report(plan, 0, sent.Count)()));
            }

            await Task.Delay(1);
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Right after the last report of the flood is sent, before its answers are all in.
        var after = await SendAsync(http, Report(plan with { Prefix = "after" }, 0, 0)(), CancellationToken.None);
        return new LoadResult(await Task.WhenAll(sent), elapsed, after);
    }

    private static async Task<Answer> GiveUpAsync(HttpClient http, HttpRequestMessage message)
    {
        await Task.Yield();
        using var giveUp = new CancellationTokenSource(LoadPlan.GiveUpAfter);
        return await SendAsync(http, message, giveUp.Token);
    }

    private static async Task<Answer> SendAsync(HttpClient http, HttpRequestMessage message, CancellationToken giveUp)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using (message)
            using (var response = await http.SendAsync(message, giveUp))
            {
                var body = await response.Content.ReadAsByteArrayAsync(giveUp);
                var elapsed = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    return new Answer((int)response.StatusCode, elapsed, false, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(body)[..Math.Min(200, body.Length)]}", RetryAfterSeconds: response.Headers.RetryAfter?.Delta?.TotalSeconds);
                }

                var outcome = JsonDocument.Parse(body).RootElement.GetProperty("outcome").GetString();
                return new Answer((int)response.StatusCode, elapsed, outcome is "recorded" or "suppressed", null);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException)
        {
            return new Answer(null, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, false, exception is OperationCanceledException ? $"no answer in {LoadPlan.GiveUpAfter.TotalSeconds:F0} s" : exception.Message);
        }
    }

    /// <summary>One report, as a factory of identical requests (a resend carries the same report id and body).</summary>
    private static Func<HttpRequestMessage> Report(LoadPlan plan, int client, int n)
    {
        var device = plan.FirstDevice + Random.Shared.Next(plan.Devices - plan.FirstDevice);
        var failure = plan.Mix == "failure" || Random.Shared.Next(20) == 0;
        var @event = plan.Mix == "failure"
            ? $$""","event":{"category":"fan","code":"FAN-{{n % 1000}}","severity":"critical","message":"Fan {{n % 8}} stopped"}"""
            : ""","event":{"category":"disk","code":"DSK-0042","severity":"warning","message":"ディスク 2 の SMART 警告"}""";
        var json = $$"""
            {"reportId":"{{plan.Prefix}}-{{client}}-{{n}}","type":"{{(failure ? "failure" : "periodic")}}","modelNumber":"{{BenchDatabase.ModelNumber(device)}}","serialNumber":"{{BenchDatabase.SerialNumber(device)}}","hostName":"{{BenchDatabase.HostName(device)}}","occurredAt":"{{DateTimeOffset.UtcNow:O}}","means":"https","route":"agent"{{(failure ? @event : string.Empty)}}}
            """;
        var token = plan.Tokens[(client + n) % plan.Tokens.Length];
        return () => new HttpRequestMessage(HttpMethod.Post, plan.Url)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
    }
}
