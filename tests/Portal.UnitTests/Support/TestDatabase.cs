using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Infrastructure.Persistence;

namespace Portal.UnitTests.Support;

/// <summary>
/// A real SQLite database in memory, migrated with the product's migrations. The connection stays
/// open for the test's lifetime; each <see cref="Create"/> is a fresh context, as in the product.
/// </summary>
public sealed class TestDatabase : IPortalDbContextFactory, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly DbContextOptions<SqlitePortalDbContext> _options;

    public TestDatabase()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(_connection).Options;
        using var db = CreateContext();
        db.Database.Migrate();
    }

    public SqlitePortalDbContext CreateContext() => new(_options);

    public IPortalDbContext Create() => CreateContext();

    public void Dispose() => _connection.Dispose();
}
