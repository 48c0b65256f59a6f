using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.E2E.Support;

/// <summary>
/// The real portal, built by the test command, started as its own process on a free loopback port with a
/// fresh SQLite database and the Development demo data.
/// </summary>
public sealed class PortalServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataFolder;
    private readonly bool _ownsData;

    private PortalServer(Process process, string dataFolder, bool ownsData, Uri baseUrl)
    {
        _process = process;
        _dataFolder = dataFolder;
        _ownsData = ownsData;
        BaseUrl = baseUrl;
    }

    /// <summary>The folder of the portal's database and mail, for another process to start on (it is kept).</summary>
    public string DataFolder => _dataFolder;

    public Uri BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The portal's SQLite database, for tests that check what was stored.</summary>
    public PortalDatabase Database => new(Path.Combine(_dataFolder, "portal.db"));

    /// <param name="settings">Extra configuration, as environment variables (Section__Key).</param>
    /// <param name="port">The loopback port, when the caller must know it in advance (an identity provider's redirect address).</param>
    /// <param name="dataFolder">Start on the data of an earlier server (left in place afterwards) instead of a fresh folder.</param>
    public static async Task<PortalServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, int? port = null, string? dataFolder = null)
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var webProject = Path.Combine(root, "src", "Portal.Web");
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "Portal.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution first (the README's test command does).");
        }

        var ownsData = dataFolder is null;
        dataFolder ??= Directory.CreateTempSubdirectory("portal-e2e-").FullName;
        var baseUrl = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", baseUrl.ToString().TrimEnd('/')])
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(dataFolder, "portal.db")}";
        start.Environment["Mail__PickupDirectory"] = Path.Combine(dataFolder, "mail");
        start.Environment["Mail__PortalUrl"] = baseUrl.ToString();

        // The browser tests sign in dozens of times a minute from one address.
        start.Environment["RateLimits__SignInPerMinute"] = "1000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the portal.");
        var server = new PortalServer(process, dataFolder, ownsData, baseUrl);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                // Live, not ready: the database is migrated before the portal listens, and readiness takes the
                // write lock, which the demo seeding and the first background checks may hold for a while.
                if ((await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer in time.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The portal did not become healthy within 90 s:\n{Output}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Portal.sln not found above the test binaries.");
    }

    /// <summary>SIGKILL: no shutdown, no flush beyond what each commit already made durable.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownsData)
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}
