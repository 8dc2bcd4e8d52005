using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClocksAndJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PublishDue",
                table: "SamplingAssignments");

            migrationBuilder.AddColumn<long>(
                name: "PublishClockId",
                table: "SamplingAssignments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "JobRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Job = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatutoryClocks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubjectKind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Due = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WarnDays = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StoppedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StoppedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StopNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatutoryClocks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatutoryClockPauses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClockId = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatutoryClockPauses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatutoryClockPauses_StatutoryClocks_ClockId",
                        column: x => x.ClockId,
                        principalTable: "StatutoryClocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SamplingAssignments_PublishClockId",
                table: "SamplingAssignments",
                column: "PublishClockId");

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_Job_StartedAt",
                table: "JobRuns",
                columns: new[] { "Job", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_Outcome",
                table: "JobRuns",
                column: "Outcome");

            migrationBuilder.CreateIndex(
                name: "IX_StatutoryClockPauses_ClockId",
                table: "StatutoryClockPauses",
                column: "ClockId");

            migrationBuilder.CreateIndex(
                name: "IX_StatutoryClocks_State_Due",
                table: "StatutoryClocks",
                columns: new[] { "State", "Due" });

            migrationBuilder.CreateIndex(
                name: "IX_StatutoryClocks_SubjectKind_SubjectId_RuleCode",
                table: "StatutoryClocks",
                columns: new[] { "SubjectKind", "SubjectId", "RuleCode" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_SamplingAssignments_StatutoryClocks_PublishClockId",
                table: "SamplingAssignments",
                column: "PublishClockId",
                principalTable: "StatutoryClocks",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SamplingAssignments_StatutoryClocks_PublishClockId",
                table: "SamplingAssignments");

            migrationBuilder.DropTable(
                name: "JobRuns");

            migrationBuilder.DropTable(
                name: "StatutoryClockPauses");

            migrationBuilder.DropTable(
                name: "StatutoryClocks");

            migrationBuilder.DropIndex(
                name: "IX_SamplingAssignments_PublishClockId",
                table: "SamplingAssignments");

            migrationBuilder.DropColumn(
                name: "PublishClockId",
                table: "SamplingAssignments");

            migrationBuilder.AddColumn<DateOnly>(
                name: "PublishDue",
                table: "SamplingAssignments",
                type: "TEXT",
                nullable: true);
        }
    }
}
