using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ServiceLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Step",
                table: "RegistrationStatusChanges",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EndRequestedAt",
                table: "Registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EndRequestedByUserId",
                table: "Registrations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KeyMethod",
                table: "Registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PendingReapplication",
                table: "Registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReapplicationNote",
                table: "Registrations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "MaintenanceWindows",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_PendingReapplication",
                table: "Registrations",
                column: "PendingReapplication",
                filter: "\"PendingReapplication\" IS NOT NULL");

            // Keys issued before the key-file method existed are key codes; the timeline's marks move to the step
            // column (a re-issue was a note, a rejection was an applied → not applied change with its reason).
            migrationBuilder.Sql("UPDATE Registrations SET KeyMethod = 1 WHERE KeyCode IS NOT NULL");
            migrationBuilder.Sql("UPDATE RegistrationStatusChanges SET Step = 1, Note = NULL WHERE Note = 'key-reissued'");
            migrationBuilder.Sql("UPDATE RegistrationStatusChanges SET Step = 2 WHERE \"From\" = 1 AND \"To\" = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Registrations_PendingReapplication",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "Step",
                table: "RegistrationStatusChanges");

            migrationBuilder.DropColumn(
                name: "EndRequestedAt",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "EndRequestedByUserId",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "KeyMethod",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "PendingReapplication",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "ReapplicationNote",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "MaintenanceWindows");
        }
    }
}
