using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Users;
using Portal.Infrastructure;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Bench;

/// <summary>What to seed: every device opened with two contacts; reports spread over the last 300 days.</summary>
public sealed record SeedPlan(int Devices, long Reports = 0, double OverdueShare = 0, int HotDeviceReports = 0)
{
    public const int DevicesPerAccount = 10;

    public int Accounts => (Devices + DevicesPerAccount - 1) / DevicesPerAccount;
}

/// <summary>
/// A fresh SQLite file with the real schema (the portal's migrations), filled with entities built by the domain's
/// own constructors and methods and written as the portal's EF model maps them, and the real application services
/// on top of it.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private const int EntitiesPerSave = 2_000;

    private readonly Guid[] _deviceIds;
    private readonly Guid[] _accountIds;
    private readonly Guid[] _adminIds;

    private BenchDatabase(string folder, SeedPlan plan, ServiceProvider services, TimeSpan seedTime)
    {
        Folder = folder;
        Plan = plan;
        Services = services;
        SeedTime = seedTime;
        _deviceIds = new Guid[plan.Devices];
        _accountIds = new Guid[plan.Accounts];
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

    /// <summary>The support account that holds <paramref name="device"/>.</summary>
    public Guid AccountOf(int device) => _accountIds[device / SeedPlan.DevicesPerAccount];

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

    /// <summary>More rows for one scenario (a mail backlog), saved the way the plan's are.</summary>
    public async Task SeedAsync(long count, Func<int, IEnumerable<object>> create)
    {
        SqliteConnection.ClearAllPools();
        await using var seeding = await SeedingConnection.OpenAsync(Path, Services);
        await seeding.AddAsync(count, create);
        await seeding.CommitAsync();
    }

    private async Task SeedAsync(TimeProvider clock)
    {
        SqliteConnection.ClearAllPools();
        await using var seeding = await SeedingConnection.OpenAsync(Path, Services);
        var now = clock.GetUtcNow();
        var today = JapanTime.Today(clock);
        var contacts = new ContactChoice[Plan.Accounts][];

        await seeding.AddAsync(Plan.Accounts, a =>
        {
            var organization = new CustomerOrganization(Guid.NewGuid(), $"ベンチ株式会社 {a:D6}");
            var supportId = $"SP{2_000_000 + a}";
            var admin = new UserProfile(Guid.NewGuid(), $"管理者 {supportId}", $"admin{a}@bench.example", $"03-{a / 10000 % 10000:D4}-{a % 10000:D4}", "情報システム部", "ja");
            var deputy = new UserProfile(Guid.NewGuid(), $"代理者 {supportId}", $"deputy{a}@bench.example", $"06-{a / 10000 % 10000:D4}-{a % 10000:D4}", "情報システム部", "en");
            var account = new SupportAccount(Guid.NewGuid(), organization.Id, supportId);
            Check(account.AddMember(admin.Id, MemberRole.Administrator));
            Check(account.AddMember(deputy.Id, MemberRole.Deputy));
            (_accountIds[a], _adminIds[a]) = (account.Id, admin.Id);
            contacts[a] =
            [
                new(admin.Id, admin.Name, admin.Email, admin.Phone, admin.Affiliation, "平日 9:00-18:00"),
                new(deputy.Id, deputy.Name, deputy.Email, deputy.Phone, deputy.Affiliation, null),
            ];
            return [SignIn(admin), SignIn(deputy), admin, deputy, organization, account];
        });

        var overdue = (int)(Plan.Devices * Plan.OverdueShare);
        var applied = now - TimeSpan.FromDays(430);
        await seeding.AddAsync(Plan.Devices, d =>
        {
            var device = new Device(Guid.NewGuid(), AccountOf(d), ModelNumber(d), SerialNumber(d), DeviceManagementNumber(d), HostName(d), Site, Contract.SupportPack(new DateOnly(2030, 3, 31), confirmed: true));
            _deviceIds[d] = device.Id;
            var registration = new ServiceRegistration(Guid.NewGuid(), device.Id);
            Check(registration.Apply(AdministratorOf(d), contacts[d / SeedPlan.DevicesPerAccount], applied));
            Check(registration.Accept(KeyCode.NewRandom(), device.Contract.OpeningMethod, null, applied));

            // Opened on every day of a month, so the overdue scan meets all 31 schedules as it would.
            Check(registration.Open(now - TimeSpan.FromDays(390 + d % 31)));

            // Overdue devices, spread over the whole table as they would be, last reported over a month ago; the
            // rest on their latest periodic day, so the next one is ahead.
            var isOverdue = overdue > 0 && d % (Plan.Devices / overdue) == 0 && d / (Plan.Devices / overdue) < overdue;
            var lastReported = PeriodicSchedule.LastOnOrBefore(registration.PeriodicAnchorDay!.Value, isOverdue ? today.AddDays(-40) : today);
            Check(registration.RecordPeriodicReport(JapanTime.StartOf(lastReported)));
            return [device, registration];
        });

        if (Plan.Reports > 0)
        {
            await SeedReportsAsync(seeding, now, new Random(20261123));
        }

        await seeding.CommitAsync();
    }

    private static readonly InstallationSite Site = new("1000005", "東京都", "千代田区丸の内1-1-1", "ベンチビル");

    private static PortalIdentityUser SignIn(UserProfile profile) => new()
    {
        Id = profile.Id,
        UserName = profile.Email,
        NormalizedUserName = profile.Email.ToUpperInvariant(),
        Email = profile.Email,
        NormalizedEmail = profile.Email.ToUpperInvariant(),
        EmailConfirmed = true,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        LockoutEnabled = true,
    };

    /// <summary>The hot device (device 0) gets <see cref="SeedPlan.HotDeviceReports"/>; the rest share the remainder evenly.</summary>
    private async Task SeedReportsAsync(SeedingConnection seeding, DateTimeOffset now, Random random)
    {
        var hot = Math.Min(Plan.HotDeviceReports, Plan.Reports);
        var others = Math.Max(1, Plan.Devices - 1);
        var rest = Plan.Reports - hot;
        var span = TimeSpan.FromDays(300).Ticks;
        var failure = new ReportEvent(EventCategory.Memory, "DSK-0042", EventSeverity.Warning, "ディスク 2 の SMART 警告");

        // Ten million reports are too many even to track: written untracked, still through the model's mapping.
        await seeding.InsertAsync(Plan.Reports, n =>
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

            var at = new DateTimeOffset(now.UtcTicks - span + (span * indexOnDevice / countOnDevice) + random.Next(0, 60_000) * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
            var isFailure = (n + 1) % 10 == 0;
            return new Report(
                _deviceIds[device],
                $"seed-{n + 1:D10}",
                isFailure ? ReportType.Failure : ReportType.Periodic,
                at,
                at,
                HostName(device),
                ReportMeans.Https,
                ReportRoute.Agent,
                isFailure ? failure : null,
                isFailure ? ReportHandling.ContactsNotified : ReportHandling.Recorded);
        });
    }

    private static void Check(Result result)
    {
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"a bench entity could not be set up: {result.Errors[0].Code}");
        }
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

    /// <summary>How many rows a query of the portal's model finds (checks after a scenario).</summary>
    public async Task<int> CountAsync<T>(Func<IPortalDbContext, IQueryable<T>> query)
    {
        await using var db = Services.GetRequiredService<IPortalDbContextFactory>().Create();
        return await query(db).CountAsync();
    }

    /// <summary>
    /// One connection and one transaction for the whole load. Loading, not serving: no journal and no fsync until
    /// the file is complete, then back to WAL. Every INSERT is built from the EF model (table, columns, parameter
    /// types, value conversions such as enums and UTC ticks), so a change to the schema breaks the seeding loudly.
    /// </summary>
    private sealed class SeedingConnection(SqliteConnection connection, SqliteTransaction transaction, IDbContextFactory<PortalDbContext> contexts) : IAsyncDisposable
    {
        private readonly Dictionary<IEntityType, PreparedInsert<EntityEntry>> _inserts = [];
        private readonly List<SqliteCommand> _commands = [];

        public static async Task<SeedingConnection> OpenAsync(string path, IServiceProvider services)
        {
            var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await ExecuteAsync(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON;");
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();

            // Foreign keys checked at commit, so the order in which the tracker hands out entries does not matter.
            await ExecuteAsync(connection, "PRAGMA defer_foreign_keys=ON;", transaction);
            return new SeedingConnection(connection, transaction, services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        }

        /// <summary>
        /// Adds what <paramref name="create"/> builds for each of <paramref name="count"/> rows to a fresh context per
        /// <see cref="EntitiesPerSave"/> rows, so EF fills in keys and foreign keys, then writes the tracked entries
        /// through prepared inserts: SaveChanges on SQLite sends one unprepared command a row, several times slower.
        /// </summary>
        public async Task AddAsync(long count, Func<int, IEnumerable<object>> create)
        {
            for (long start = 0; start < count; start += EntitiesPerSave)
            {
                await using var db = contexts.CreateDbContext();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                for (var n = start; n < Math.Min(count, start + EntitiesPerSave); n++)
                {
                    db.AddRange(create((int)n));
                }

                foreach (var entry in db.ChangeTracker.Entries())
                {
                    if (!_inserts.TryGetValue(entry.Metadata, out var insert))
                    {
                        _inserts[entry.Metadata] = insert = await PrepareAsync(db, entry.Metadata, EntryColumns(entry));
                    }

                    await insert.ExecuteAsync(entry);
                }
            }
        }

        /// <summary>
        /// Inserts what <paramref name="create"/> builds without tracking it at all, with owned values in the owner's
        /// row: for ten million reports, where even adding them to a context would take minutes.
        /// </summary>
        public async Task InsertAsync<T>(long count, Func<long, T> create)
            where T : class
        {
            await using var db = contexts.CreateDbContext();
            var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
            if (type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.ForeignKey.IsOwnership && n.IsCollection))
            {
                throw new NotSupportedException($"{typeof(T).Name} has complex properties or owned collections; add it through AddAsync.");
            }

            // Store-generated keys are left to the database.
            var columns = type.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never)
                .Select(p => (p, p.GetGetter()))
                .Select(x => (x.p, (Func<T, object?>)(entity => x.Item2.GetClrValue(entity))))
                .Concat(type.GetNavigations().Where(n => n.ForeignKey.IsOwnership).SelectMany(owned => owned.TargetEntityType.GetProperties()
                    .Where(p => !p.IsPrimaryKey())
                    .Select(p => (p, (Func<T, object?>)(entity => owned.GetGetter().GetClrValue(entity) is { } value ? p.GetGetter().GetClrValue(value) : null)))));
            var insert = await PrepareAsync(db, type, columns);
            for (long n = 0; n < count; n++)
            {
                await insert.ExecuteAsync(create(n));
            }
        }

        public async Task CommitAsync()
        {
            await transaction.CommitAsync();
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;");
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands)
            {
                await command.DisposeAsync();
            }

            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }

        /// <summary>An entry's own and complex properties; keys the database generates (temporary in the tracker) are left out.</summary>
        private static IEnumerable<(IProperty, Func<EntityEntry, object?>)> EntryColumns(EntityEntry first)
        {
            if (first.Metadata.IsOwned() || first.Metadata.GetNavigations().Any(n => n.ForeignKey.IsOwnership))
            {
                throw new NotSupportedException($"{first.Metadata.DisplayName()} shares its table with an owned type; insert it through InsertAsync.");
            }

            foreach (var property in first.Metadata.GetProperties().Where(p => !first.Property(p).IsTemporary))
            {
                yield return (property, entry => entry.Property(property).CurrentValue);
            }

            foreach (var complex in first.Metadata.GetComplexProperties())
            {
                foreach (var property in complex.ComplexType.GetProperties())
                {
                    yield return (property, entry => entry.ComplexProperty(complex).Property(property).CurrentValue);
                }
            }
        }

        private async Task<PreparedInsert<TSource>> PrepareAsync<TSource>(PortalDbContext db, IEntityType type, IEnumerable<(IProperty Property, Func<TSource, object?> Read)> columns)
        {
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var command = connection.CreateCommand();
            _commands.Add(command);
            command.Transaction = transaction;
            var bound = new List<(DbParameter, ValueConverter?, Func<TSource, object?>)>();
            var names = new List<string>();
            foreach (var (property, read) in columns)
            {
                var mapping = property.GetRelationalTypeMapping();
                var parameter = mapping.CreateParameter(command, $"$p{bound.Count}", null, property.IsNullable);
                command.Parameters.Add(parameter);
                bound.Add((parameter, mapping.Converter, read));
                names.Add(sql.DelimitIdentifier(property.GetColumnName(table) ?? throw new InvalidOperationException($"{property.Name} has no column in {table.Name}.")));
            }

            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", bound.Select(b => b.Item1.ParameterName))})";
            await command.PrepareAsync();
            return new PreparedInsert<TSource>(command, bound);
        }

        private static async Task ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private sealed class PreparedInsert<TSource>(SqliteCommand command, List<(DbParameter Parameter, ValueConverter? Converter, Func<TSource, object?> Read)> columns)
    {
        public async Task ExecuteAsync(TSource source)
        {
            foreach (var (parameter, converter, read) in columns)
            {
                parameter.Value = read(source) is { } value ? converter?.ConvertToProvider(value) ?? value : DBNull.Value;
            }

            await command.ExecuteNonQueryAsync();
        }
    }

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
