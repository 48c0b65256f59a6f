using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicationConcurrencyAndUniqueKeyCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Registrations_KeyCode",
                table: "Registrations");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Registrations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_KeyCode",
                table: "Registrations",
                column: "KeyCode",
                unique: true,
                filter: "\"Status\" = 2");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Registrations_KeyCode",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Registrations");

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_KeyCode",
                table: "Registrations",
                column: "KeyCode");
        }
    }
}
