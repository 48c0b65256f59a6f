using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReportIntake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastPeriodicReportAt",
                table: "Registrations",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextPeriodicDueOn",
                table: "Registrations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PeriodicOverdueSince",
                table: "Registrations",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeviceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ReportId = table.Column<long>(type: "bigint", nullable: false),
                    Severity = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    State = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallTasks_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_CallTasks_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntakeReceipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SenderKey = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    ReportId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Response = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    DeviceId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntakeReceipts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_Status_NextPeriodicDueOn",
                table: "Registrations",
                columns: new[] { "Status", "NextPeriodicDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CallTasks_DeviceId",
                table: "CallTasks",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_CallTasks_ReportId",
                table: "CallTasks",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_CallTasks_State_Severity_CreatedAt",
                table: "CallTasks",
                columns: new[] { "State", "Severity", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntakeReceipts_ReceivedAt",
                table: "IntakeReceipts",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IntakeReceipts_SenderKey_ReportId",
                table: "IntakeReceipts",
                columns: new[] { "SenderKey", "ReportId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallTasks");

            migrationBuilder.DropTable(
                name: "IntakeReceipts");

            migrationBuilder.DropIndex(
                name: "IX_Registrations_Status_NextPeriodicDueOn",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "LastPeriodicReportAt",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "NextPeriodicDueOn",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "PeriodicOverdueSince",
                table: "Registrations");
        }
    }
}
