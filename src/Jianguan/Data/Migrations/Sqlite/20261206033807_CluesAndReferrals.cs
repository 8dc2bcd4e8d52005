using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CluesAndReferrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CloseReason",
                table: "Clues",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Conclusion",
                table: "Clues",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DepartmentId",
                table: "Clues",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "Clues",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Firms",
                table: "Clues",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sections",
                table: "Clues",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Clues",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Alert");

            migrationBuilder.AddColumn<string>(
                name: "SourceId",
                table: "Clues",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceLink",
                table: "Clues",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "Clues",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Registered");

            migrationBuilder.AddColumn<long>(
                name: "StateChangedAt",
                table: "Clues",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Clues from before this migration were all converted alerts: they keep number, title, alert, creator
            // and time; their source is the alert (预警) and they start registered.
            migrationBuilder.Sql("UPDATE \"Clues\" SET \"StateChangedAt\" = \"CreatedAt\";");
            migrationBuilder.Sql("UPDATE \"Clues\" SET \"SourceId\" = CAST(\"AlertId\" AS VARCHAR(64)), \"SourceLink\" = '/Alerts/' || CAST(\"AlertId\" AS VARCHAR(64)) WHERE \"AlertId\" IS NOT NULL;");

            migrationBuilder.CreateTable(
                name: "AssistanceRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromOrganisationId = table.Column<int>(type: "INTEGER", nullable: true),
                    ToOrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClueId = table.Column<long>(type: "INTEGER", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DueDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Due = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RepliedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RepliedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssistanceRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssistanceRequests_Clues_ClueId",
                        column: x => x.ClueId,
                        principalTable: "Clues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_AssistanceRequests_Organisations_FromOrganisationId",
                        column: x => x.FromOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssistanceRequests_Organisations_ToOrganisationId",
                        column: x => x.ToOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ClueMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClueId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClueMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClueMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ClueMembers_Clues_ClueId",
                        column: x => x.ClueId,
                        principalTable: "Clues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClueTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClueId = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClueTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClueTransitions_Clues_ClueId",
                        column: x => x.ClueId,
                        principalTable: "Clues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Referrals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClueId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ToOrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    FromOrganisationId = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DueDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Due = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RepliedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RepliedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReturnReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Referrals_Clues_ClueId",
                        column: x => x.ClueId,
                        principalTable: "Clues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Referrals_Organisations_FromOrganisationId",
                        column: x => x.FromOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_Organisations_ToOrganisationId",
                        column: x => x.ToOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReferralTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReferralId = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReferralTransitions_Referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Clues_DepartmentId",
                table: "Clues",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Clues_State_CreatedAt",
                table: "Clues",
                columns: new[] { "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AssistanceRequests_ClueId",
                table: "AssistanceRequests",
                column: "ClueId");

            migrationBuilder.CreateIndex(
                name: "IX_AssistanceRequests_FromOrganisationId",
                table: "AssistanceRequests",
                column: "FromOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_AssistanceRequests_Number",
                table: "AssistanceRequests",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssistanceRequests_ToOrganisationId_State",
                table: "AssistanceRequests",
                columns: new[] { "ToOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ClueMembers_ClueId_UserId",
                table: "ClueMembers",
                columns: new[] { "ClueId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ClueMembers_UserId",
                table: "ClueMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ClueTransitions_ClueId",
                table: "ClueTransitions",
                column: "ClueId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_ClueId",
                table: "Referrals",
                column: "ClueId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_FromOrganisationId",
                table: "Referrals",
                column: "FromOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Number",
                table: "Referrals",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_ToOrganisationId_State",
                table: "Referrals",
                columns: new[] { "ToOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ReferralTransitions_ReferralId",
                table: "ReferralTransitions",
                column: "ReferralId");

            migrationBuilder.AddForeignKey(
                name: "FK_Clues_Organisations_DepartmentId",
                table: "Clues",
                column: "DepartmentId",
                principalTable: "Organisations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Clues_Organisations_DepartmentId",
                table: "Clues");

            migrationBuilder.DropTable(
                name: "AssistanceRequests");

            migrationBuilder.DropTable(
                name: "ClueMembers");

            migrationBuilder.DropTable(
                name: "ClueTransitions");

            migrationBuilder.DropTable(
                name: "ReferralTransitions");

            migrationBuilder.DropTable(
                name: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Clues_DepartmentId",
                table: "Clues");

            migrationBuilder.DropIndex(
                name: "IX_Clues_State_CreatedAt",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "CloseReason",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "Conclusion",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "DepartmentId",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "Firms",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "Sections",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "SourceId",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "SourceLink",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "State",
                table: "Clues");

            migrationBuilder.DropColumn(
                name: "StateChangedAt",
                table: "Clues");
        }
    }
}
