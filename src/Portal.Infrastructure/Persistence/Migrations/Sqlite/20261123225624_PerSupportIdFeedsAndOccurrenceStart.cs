using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PerSupportIdFeedsAndOccurrenceStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organizations_CalendarFeedToken",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "CalendarFeedToken",
                table: "Organizations");

            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedToken",
                table: "SupportAccounts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OccurrenceStart",
                table: "MaintenanceWindows",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupportAccounts_CalendarFeedToken",
                table: "SupportAccounts",
                column: "CalendarFeedToken",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SupportAccounts_CalendarFeedToken",
                table: "SupportAccounts");

            migrationBuilder.DropColumn(
                name: "CalendarFeedToken",
                table: "SupportAccounts");

            migrationBuilder.DropColumn(
                name: "OccurrenceStart",
                table: "MaintenanceWindows");

            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedToken",
                table: "Organizations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_CalendarFeedToken",
                table: "Organizations",
                column: "CalendarFeedToken",
                unique: true);
        }
    }
}
