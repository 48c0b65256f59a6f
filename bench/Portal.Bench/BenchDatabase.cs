using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;

namespace Portal.Bench;

/// <summary>What to seed: every device opened with two contacts; reports spread over the last 300 days.</summary>
public sealed record SeedPlan(int Devices, long Reports = 0, double OverdueShare = 0, int HotDeviceReports = 0)
{
    public const int DevicesPerAccount = 10;

    public int Accounts => (Devices + DevicesPerAccount - 1) / DevicesPerAccount;
}

/// <summary>
/// A fresh SQLite file with the real schema (the portal's migrations), filled through prepared bulk inserts
/// (EF would take an hour for ten million rows), and the real application services on top of it.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly Guid[] _deviceIds;
    private readonly Guid[] _adminIds;

    private BenchDatabase(string folder, SeedPlan plan, ServiceProvider services, TimeSpan seedTime)
    {
        Folder = folder;
        Plan = plan;
        Services = services;
        SeedTime = seedTime;
        _deviceIds = new Guid[plan.Devices];
        _adminIds = new Guid[plan.Accounts];
    }

    public string Folder { get; }

    public string Path => System.IO.Path.Combine(Folder, "portal.db");

    public SeedPlan Plan { get; }

    public ServiceProvider Services { get; }

    public TimeSpan SeedTime { get; private set; }

    public static string DeviceManagementNumber(int device) => $"E{device:D9}";

    public static string SerialNumber(int device) => (1_000_000 + device).ToString(CultureInfo.InvariantCulture);

    public static string ModelNumber(int device) => $"N8100-{2300 + (device % 20)}";

    public static string HostName(int device) => $"host-{device:D7}";

    public Guid DeviceId(int device) => _deviceIds[device];

    /// <summary>The administrator of the support ID that holds <paramref name="device"/>.</summary>
    public Guid AdministratorOf(int device) => _adminIds[device / SeedPlan.DevicesPerAccount];

    public static async Task<BenchDatabase> CreateAsync(SeedPlan plan, TimeProvider clock, ICurrentUser user, string? folder = null)
    {
        folder ??= Directory.CreateTempSubdirectory("portal-bench-").FullName;
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={System.IO.Path.Combine(folder, "portal.db")}",
            ["Mail:PickupDirectory"] = System.IO.Path.Combine(folder, "mail"),
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(clock)
            .AddSingleton(user)
            .AddPortalApplication(configuration);
        services.AddPortalInfrastructure(configuration, folder);
        var provider = services.BuildServiceProvider();
        await DatabaseInitializer.InitializeAsync(provider, seedDemoData: false);

        var database = new BenchDatabase(folder, plan, provider, TimeSpan.Zero);
        var watch = Stopwatch.StartNew();
        await database.SeedAsync(clock);
        database.SeedTime = watch.Elapsed;
        return database;
    }

    private async Task SeedAsync(TimeProvider clock)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();

        // Loading, not serving: no journal and no fsync until the file is complete, then back to WAL.
        await ExecuteAsync(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000; PRAGMA temp_store=MEMORY;");
        var now = clock.GetUtcNow();
        var today = JapanTime.Today(clock);
        var random = new Random(20261123);

        await InsertAsync(connection, Plan.Accounts, """
            INSERT INTO Organizations (Id, Name) VALUES ($id, $name);
            INSERT INTO SupportAccounts (Id, OrganizationId, SupportId) VALUES ($account, $id, $supportId);
            INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, SecurityStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
              VALUES ($admin, $adminMail, upper($adminMail), $adminMail, upper($adminMail), 1, $admin, 0, 0, 1, 0),
                     ($deputy, $deputyMail, upper($deputyMail), $deputyMail, upper($deputyMail), 1, $deputy, 0, 0, 1, 0);
            INSERT INTO UserProfiles (Id, Name, Email, Phone, Affiliation, PreferredCulture)
              VALUES ($admin, '管理者 ' || $supportId, $adminMail, $adminPhone, '情報システム部', 'ja'),
                     ($deputy, '代理者 ' || $supportId, $deputyMail, $deputyPhone, '情報システム部', 'en');
            INSERT INTO SupportMemberships (SupportAccountId, UserId, Role) VALUES ($account, $admin, 1), ($account, $deputy, 2);
            """, (command, a) =>
        {
            var admin = Guid.NewGuid();
            _adminIds[a] = admin;
            command.Parameters["$id"].Value = Text(Guid.NewGuid());
            command.Parameters["$name"].Value = $"ベンチ株式会社 {a:D6}";
            command.Parameters["$account"].Value = Text(Guid.NewGuid());
            command.Parameters["$supportId"].Value = $"SP{2_000_000 + a}";
            command.Parameters["$admin"].Value = Text(admin);
            command.Parameters["$adminMail"].Value = $"admin{a}@bench.example";
            command.Parameters["$adminPhone"].Value = $"03-{a / 10000 % 10000:D4}-{a % 10000:D4}";
            command.Parameters["$deputy"].Value = Text(Guid.NewGuid());
            command.Parameters["$deputyMail"].Value = $"deputy{a}@bench.example";
            command.Parameters["$deputyPhone"].Value = $"06-{a / 10000 % 10000:D4}-{a % 10000:D4}";
        });

        var accounts = await ReadColumnAsync(connection, "SELECT Id FROM SupportAccounts ORDER BY SupportId");
        var members = await ReadPairsAsync(connection, "SELECT m.SupportAccountId, m.UserId, m.Role, p.Name, p.Email, p.Phone FROM SupportMemberships m JOIN UserProfiles p ON p.Id = m.UserId");
        var overdue = (int)(Plan.Devices * Plan.OverdueShare);
        await InsertAsync(connection, Plan.Devices, """
            INSERT INTO Devices (Id, SupportAccountId, ModelNumber, SerialNumber, DeviceManagementNumber, HostName, DeliveryDate, SupportPackConfirmed, ContractType, ValidUntil, SiteAddressLine, SiteBuilding, SitePostalCode, SitePrefecture)
              VALUES ($id, $account, $model, $serial, $dmn, $host, '2025-04-01', 1, 2, '2030-03-31', '千代田区丸の内1-1-1', 'ベンチビル', '1000005', '東京都');
            INSERT INTO Registrations (Id, DeviceId, Status, AppliedAt, KeyCode, KeyIssuedAt, OpenedAt, FirstOpenedAt, PeriodicAnchorDay, Version, LastPeriodicReportAt, NextPeriodicDueOn)
              VALUES ($registration, $id, 3, $applied, NULL, $applied, $opened, $opened, $anchorDay, 0, $lastPeriodic, $nextDue);
            INSERT INTO RegistrationContacts (Id, Priority, UserId, Name, Email, Phone, PhoneDigits, Affiliation, ReachableHours, ChosenAt, RegistrationId)
              VALUES ($contact1, 1, $admin, $adminName, $adminMail, $adminPhone, replace($adminPhone, '-', ''), '情報システム部', '平日 9:00-18:00', $applied, $registration),
                     ($contact2, 2, $deputy, $deputyName, $deputyMail, $deputyPhone, replace($deputyPhone, '-', ''), '情報システム部', NULL, $applied, $registration);
            """, (command, d) =>
        {
            var id = Guid.NewGuid();
            _deviceIds[d] = id;
            var account = accounts[d / SeedPlan.DevicesPerAccount];
            var (admin, deputy) = (members[(account, 1)], members[(account, 2)]);
            command.Parameters["$id"].Value = Text(id);
            command.Parameters["$account"].Value = account;
            command.Parameters["$model"].Value = ModelNumber(d);
            command.Parameters["$serial"].Value = SerialNumber(d);
            command.Parameters["$dmn"].Value = DeviceManagementNumber(d);
            command.Parameters["$host"].Value = HostName(d);
            command.Parameters["$registration"].Value = Text(Guid.NewGuid());
            command.Parameters["$applied"].Value = (now - TimeSpan.FromDays(400)).UtcTicks;
            // Opened on every day of a month, so the overdue scan meets all 31 schedules as it would.
            var opened = now - TimeSpan.FromDays(390 + d % 31);
            command.Parameters["$opened"].Value = opened.UtcTicks;
            command.Parameters["$anchorDay"].Value = JapanTime.ToJapan(opened).Day;
            command.Parameters["$lastPeriodic"].Value = (now - TimeSpan.FromDays(20)).UtcTicks;

            // Spread overdue devices over the whole table, as they would be.
            var isOverdue = overdue > 0 && d % (Plan.Devices / overdue) == 0 && d / (Plan.Devices / overdue) < overdue;
            command.Parameters["$nextDue"].Value = today.AddDays(isOverdue ? -5 : 10 + (d % 20)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            command.Parameters["$contact1"].Value = Text(Guid.NewGuid());
            command.Parameters["$admin"].Value = admin.Id;
            command.Parameters["$adminName"].Value = admin.Name;
            command.Parameters["$adminMail"].Value = admin.Email;
            command.Parameters["$adminPhone"].Value = admin.Phone;
            command.Parameters["$contact2"].Value = Text(Guid.NewGuid());
            command.Parameters["$deputy"].Value = deputy.Id;
            command.Parameters["$deputyName"].Value = deputy.Name;
            command.Parameters["$deputyMail"].Value = deputy.Email;
            command.Parameters["$deputyPhone"].Value = deputy.Phone;
        });

        if (Plan.Reports > 0)
        {
            await SeedReportsAsync(connection, now, random);
        }

        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;");
    }

    /// <summary>The hot device (device 0) gets <see cref="SeedPlan.HotDeviceReports"/>; the rest share the remainder evenly.</summary>
    private async Task SeedReportsAsync(SqliteConnection connection, DateTimeOffset now, Random random)
    {
        var hot = (long)Math.Min(Plan.HotDeviceReports, Plan.Reports);
        var others = Math.Max(1, Plan.Devices - 1);
        var rest = Plan.Reports - hot;
        var span = TimeSpan.FromDays(300).Ticks;
        long sequence = 0;
        await InsertAsync(connection, Plan.Reports, """
            INSERT INTO Reports (DeviceId, SenderReportId, Type, OccurredAt, ReceivedAt, HostName, Means, Route, EventCategory, EventCode, EventSeverity, EventMessage, Handling)
              VALUES ($device, $sender, $type, $at, $at, $host, 1, 1, $category, $code, $severity, $message, $handling);
            """, (command, n) =>
        {
            // Row n belongs to the hot device first, then round-robin over the others: arrival order, as in life.
            int device;
            long indexOnDevice;
            long countOnDevice;
            if (n < hot)
            {
                (device, indexOnDevice, countOnDevice) = (0, n, hot);
            }
            else
            {
                var k = n - hot;
                device = Plan.Devices == 1 ? 0 : 1 + (int)(k % others);
                indexOnDevice = k / others;
                countOnDevice = Math.Max(1, (rest + others - 1) / others);
            }

            var at = now.UtcTicks - span + (span * indexOnDevice / countOnDevice) + random.Next(0, 60_000) * TimeSpan.TicksPerMillisecond;
            var failure = (++sequence % 10) == 0;
            command.Parameters["$device"].Value = Text(_deviceIds[device]);
            command.Parameters["$sender"].Value = $"seed-{sequence:D10}";
            command.Parameters["$type"].Value = failure ? 3 : 2;
            command.Parameters["$at"].Value = at;
            command.Parameters["$host"].Value = HostName(device);
            command.Parameters["$category"].Value = failure ? 2 : DBNull.Value;
            command.Parameters["$code"].Value = failure ? "DSK-0042" : DBNull.Value;
            command.Parameters["$severity"].Value = failure ? 2 : DBNull.Value;
            command.Parameters["$message"].Value = failure ? "ディスク 2 の SMART 警告" : DBNull.Value;
            command.Parameters["$handling"].Value = failure ? 2 : 1;
        });
    }

    private static async Task InsertAsync(SqliteConnection connection, long rows, string sql, Action<SqliteCommand, int> bind)
    {
        const int RowsPerTransaction = 100_000;
        var statements = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var commands = new List<SqliteCommand>();
        try
        {
            // One shared parameter set: every statement of a row sees the same values.
            var shared = connection.CreateCommand();
            foreach (var name in statements.SelectMany(ParameterNames).Distinct())
            {
                shared.Parameters.Add(new SqliteParameter(name, null));
            }

            for (long start = 0; start < rows; start += RowsPerTransaction)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                commands.Clear();
                foreach (var statement in statements)
                {
                    var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = statement;
                    foreach (var name in ParameterNames(statement).Distinct())
                    {
                        command.Parameters.Add(new SqliteParameter(name, null));
                    }

                    command.Prepare();
                    commands.Add(command);
                }

                var end = Math.Min(rows, start + RowsPerTransaction);
                for (var row = start; row < end; row++)
                {
                    bind(shared, (int)row);
                    foreach (var command in commands)
                    {
                        foreach (SqliteParameter parameter in command.Parameters)
                        {
                            parameter.Value = shared.Parameters[parameter.ParameterName].Value;
                        }

                        await command.ExecuteNonQueryAsync();
                    }
                }

                await transaction.CommitAsync();
                foreach (var command in commands)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var command in commands)
            {
                await command.DisposeAsync();
            }
        }
    }

    private static IEnumerable<string> ParameterNames(string statement) =>
        System.Text.RegularExpressions.Regex.Matches(statement, @"\$[a-zA-Z0-9]+").Select(m => m.Value);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ReadColumnAsync(SqliteConnection connection, string sql)
    {
        var values = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private sealed record Member(string Id, string Name, string Email, string Phone);

    private static async Task<Dictionary<(string Account, long Role), Member>> ReadPairsAsync(SqliteConnection connection, string sql)
    {
        var values = new Dictionary<(string, long), Member>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values[(reader.GetString(0), reader.GetInt64(2))] = new Member(reader.GetString(1), reader.GetString(3), reader.GetString(4), reader.GetString(5));
        }

        return values;
    }

    /// <summary>One value read from the database file on a connection of its own (checks after a scenario).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async Task<long> CountAsync(string sql) => (long)(await ScalarAsync(sql))!;

    private static string Text(Guid id) => id.ToString("D").ToUpperInvariant();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not hide the numbers already printed.
        }
    }
}
