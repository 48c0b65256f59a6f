using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Configuration section "Database".</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (embedded default) or SqlServer (the production centre database).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the SQLite file when ConnectionStrings:Sqlite is not set; relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";
}
