using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Portal.E2E.Support;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (python3-aiosmtpd, installed by the test command),
/// storing what it receives in a Maildir (its Mailbox handler, in refusing_mailbox.py: recipients whose address starts
/// with "bounce" are answered 550). It can be stopped and started again on the same port to play an outage.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly string[] MaildirFolders = ["cur", "new"];
    private readonly string _maildir;
    private Process? _process;

    private SmtpSink(int port, string mbox)
    {
        Port = port;
        _maildir = mbox;
    }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("portal-smtp-").FullName;
        var sink = new SmtpSink(PortalServer.FreePort(), Path.Combine(folder, "Maildir"));
        await sink.StartAgainAsync();
        return sink;
    }

    /// <summary>The settings that make a portal send its mail here, polling its outbox every 0.2 s.</summary>
    public Dictionary<string, string> PortalSettings() => new()
    {
        ["Mail__Smtp__Host"] = "127.0.0.1",
        ["Mail__Smtp__Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail__Smtp__Security"] = "None",
        ["Mail__PollSeconds"] = "0.2",
    };

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "refusing_mailbox.RefusingMailbox", _maildir])
        {
            Environment = { ["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Support") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited: {await _process.StandardError.ReadToEndAsync()} (is python3-aiosmtpd installed? the test command installs it)");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("aiosmtpd did not start listening.");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var messages = new List<MimeMessage>();
        foreach (var folder in MaildirFolders.Select(f => Path.Combine(_maildir, f)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                try
                {
                    messages.Add(MimeMessage.Load(file));
                }
                catch (IOException)
                {
                    // Delivered into new/ by rename, so a file seen is complete; a vanished one moved to cur/.
                }
            }
        }

        return messages;
    }

    /// <summary>Waits until the messages that match number <paramref name="count"/> (or more), and returns them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<MimeMessage, bool> match, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Messages().Where(match).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(Path.GetDirectoryName(_maildir)!, recursive: true);
    }
}
