using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Application.Abstractions;
using Portal.Infrastructure.Persistence;

namespace Portal.UnitTests.Support;

/// <summary>
/// A real SQLite database, migrated with the product's migrations. By default it lives in memory on one
/// connection kept open for the test's lifetime; each <see cref="Create"/> is a fresh context, as in the
/// product. <see cref="FileBacked"/> gives every context its own connection to a temporary file instead,
/// so two operations can really run at the same time.
/// </summary>
public sealed class TestDatabase : IPortalDbContextFactory, IDisposable
{
    private readonly SqliteConnection? _connection;
    private readonly string? _file;
    private readonly DbContextOptions<SqlitePortalDbContext> _options;

    public TestDatabase()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(_connection).Options;
        Migrate();
    }

    private TestDatabase(Action<Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder> sqlite)
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(_connection, sqlite).Options;
        Migrate();
    }

    /// <summary>
    /// In memory, with an execution strategy that retries on failure as SQL Server's does in production: EF then
    /// refuses a transaction the code begins outside the strategy, which plain SQLite would let through.
    /// </summary>
    public static TestDatabase RetryingOnFailure() =>
        new(sqlite => sqlite.ExecutionStrategy(dependencies => new RetryingStrategy(dependencies)));

    private sealed class RetryingStrategy(ExecutionStrategyDependencies dependencies)
        : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromMilliseconds(10))
    {
        protected override bool ShouldRetryOn(Exception exception) => false;
    }

    private TestDatabase(string file, IInterceptor[] interceptors)
    {
        _file = file;
        _options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite($"Data Source={file};Pooling=False")
            .AddInterceptors(interceptors)
            .Options;
        Migrate();
    }

    /// <summary>The file of a <see cref="FileBacked"/> database.</summary>
    public string? FilePath => _file;

    /// <summary>Another view of an existing file (read-only, say), not migrated and not deleted with this object.</summary>
    public static TestDatabase OpenExisting(string file, SqliteOpenMode mode) => new(new DbContextOptionsBuilder<SqlitePortalDbContext>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString())
        .Options);

    private TestDatabase(DbContextOptions<SqlitePortalDbContext> options) => _options = options;

    public static TestDatabase FileBacked(params IInterceptor[] interceptors) =>
        new(Path.Combine(Path.GetTempPath(), $"portal-test-{Guid.NewGuid():N}.db"), interceptors);

    public SqlitePortalDbContext CreateContext() => new(_options);

    public IPortalDbContext Create() => CreateContext();

    public void Dispose()
    {
        _connection?.Dispose();
        if (_file is not null)
        {
            File.Delete(_file);
        }
    }

    private void Migrate()
    {
        using var db = CreateContext();
        db.Database.Migrate();
    }
}
