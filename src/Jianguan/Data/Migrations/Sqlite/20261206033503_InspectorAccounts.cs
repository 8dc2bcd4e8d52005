using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InspectorAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "SamplingInspectors",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SamplingResultRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssignmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Attachments = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Exempt = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExemptReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CorrectedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CorrectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingResultRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplingResultRevisions_SamplingAssignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "SamplingAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SamplingInspectors_UserId",
                table: "SamplingInspectors",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SamplingResultRevisions_AssignmentId_Version",
                table: "SamplingResultRevisions",
                columns: new[] { "AssignmentId", "Version" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_SamplingInspectors_AspNetUsers_UserId",
                table: "SamplingInspectors",
                column: "UserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SamplingInspectors_AspNetUsers_UserId",
                table: "SamplingInspectors");

            migrationBuilder.DropTable(
                name: "SamplingResultRevisions");

            migrationBuilder.DropIndex(
                name: "IX_SamplingInspectors_UserId",
                table: "SamplingInspectors");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "SamplingInspectors");
        }
    }
}
