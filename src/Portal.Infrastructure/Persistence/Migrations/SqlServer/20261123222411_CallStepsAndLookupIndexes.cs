using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CallStepsAndLookupIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                table: "CallTasks",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "CallTasks",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CallSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Outcome = table.Column<int>(type: "int", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CallTaskId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallSteps_CallTasks_CallTaskId",
                        column: x => x.CallTaskId,
                        principalTable: "CallTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationContacts_Email",
                table: "RegistrationContacts",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationContacts_Phone",
                table: "RegistrationContacts",
                column: "Phone");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name",
                table: "Organizations",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_CallSteps_CallTaskId",
                table: "CallSteps",
                column: "CallTaskId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallSteps");

            migrationBuilder.DropIndex(
                name: "IX_RegistrationContacts_Email",
                table: "RegistrationContacts");

            migrationBuilder.DropIndex(
                name: "IX_RegistrationContacts_Phone",
                table: "RegistrationContacts");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_Name",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "CallTasks");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "CallTasks");
        }
    }
}
