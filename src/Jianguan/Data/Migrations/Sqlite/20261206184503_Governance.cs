using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Governance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnnualReportTexts",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnualReportTexts", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "LiaisonChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EnteredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EnteredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OfficePhone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Mobile = table.Column<string>(type: "TEXT", maxLength: 242, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 1138, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LiaisonChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LiaisonChanges_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PowerItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ResponsibleUnit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Responsibilities = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Accountability = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EffectiveUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ChangeNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PowerItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PowerItems_Organisations_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Meetings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Background = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    HalfYear = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    RequestedByUnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PowerItemId = table.Column<long>(type: "INTEGER", nullable: true),
                    ScheduledOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Agenda = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Minutes = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    DeclineReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StateChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Meetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Meetings_Organisations_RequestedByUnitId",
                        column: x => x.RequestedByUnitId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Meetings_PowerItems_PowerItemId",
                        column: x => x.PowerItemId,
                        principalTable: "PowerItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAttendance",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Present = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attendee = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAttendance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingAttendance_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeetingAttendance_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeetingDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Approves = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    SamplingPlanId = table.Column<long>(type: "INTEGER", nullable: true),
                    PlanYear = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingDecisions_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeetingDecisions_SamplingPlans_SamplingPlanId",
                        column: x => x.SamplingPlanId,
                        principalTable: "SamplingPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeetingTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingTransitions_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DecisionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OwnerUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DoneOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DoneNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DoneBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingTasks_MeetingDecisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "MeetingDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeetingTasks_Organisations_OwnerUnitId",
                        column: x => x.OwnerUnitId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LiaisonChanges_OrganisationId_Role_EffectiveOn",
                table: "LiaisonChanges",
                columns: new[] { "OrganisationId", "Role", "EffectiveOn" });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendance_MeetingId_OrganisationId",
                table: "MeetingAttendance",
                columns: new[] { "MeetingId", "OrganisationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendance_OrganisationId",
                table: "MeetingAttendance",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingDecisions_MeetingId",
                table: "MeetingDecisions",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingDecisions_Number",
                table: "MeetingDecisions",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeetingDecisions_SamplingPlanId",
                table: "MeetingDecisions",
                column: "SamplingPlanId");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_HalfYear",
                table: "Meetings",
                column: "HalfYear",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_Number",
                table: "Meetings",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_PowerItemId",
                table: "Meetings",
                column: "PowerItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_RequestedByUnitId",
                table: "Meetings",
                column: "RequestedByUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_State",
                table: "Meetings",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingTasks_DecisionId",
                table: "MeetingTasks",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingTasks_OwnerUnitId_State",
                table: "MeetingTasks",
                columns: new[] { "OwnerUnitId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingTransitions_MeetingId",
                table: "MeetingTransitions",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_PowerItems_DepartmentId_Kind",
                table: "PowerItems",
                columns: new[] { "DepartmentId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_PowerItems_ItemKey_Version",
                table: "PowerItems",
                columns: new[] { "ItemKey", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnnualReportTexts");

            migrationBuilder.DropTable(
                name: "LiaisonChanges");

            migrationBuilder.DropTable(
                name: "MeetingAttendance");

            migrationBuilder.DropTable(
                name: "MeetingTasks");

            migrationBuilder.DropTable(
                name: "MeetingTransitions");

            migrationBuilder.DropTable(
                name: "MeetingDecisions");

            migrationBuilder.DropTable(
                name: "Meetings");

            migrationBuilder.DropTable(
                name: "PowerItems");
        }
    }
}
