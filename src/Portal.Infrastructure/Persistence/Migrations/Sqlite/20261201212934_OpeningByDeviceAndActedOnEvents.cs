using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OpeningByDeviceAndActedOnEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Registrations_KeyCode",
                table: "Registrations");

            migrationBuilder.AddColumn<long>(
                name: "OpeningLockedAt",
                table: "Registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WrongKeyCount",
                table: "Registrations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "WrongKeysSince",
                table: "Registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActedOnEvents",
                columns: table => new
                {
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastActedOnAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActedOnEvents", x => new { x.DeviceId, x.Type, x.Code });
                    table.ForeignKey(
                        name: "FK_ActedOnEvents_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActedOnEvents");

            migrationBuilder.DropColumn(
                name: "OpeningLockedAt",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "WrongKeyCount",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "WrongKeysSince",
                table: "Registrations");

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_KeyCode",
                table: "Registrations",
                column: "KeyCode",
                unique: true,
                filter: "\"Status\" = 2");
        }
    }
}
