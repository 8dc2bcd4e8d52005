using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnalysisRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SectionsAnalysed = table.Column<int>(type: "INTEGER", nullable: false),
                    SectionsStored = table.Column<int>(type: "INTEGER", nullable: false),
                    AlertsNew = table.Column<int>(type: "INTEGER", nullable: false),
                    AlertsUpdated = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalysisRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BidderRisks",
                columns: table => new
                {
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Rules = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    GroupKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AnalysedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BidderRisks", x => x.EntityId);
                    table.ForeignKey(
                        name: "FK_BidderRisks_MarketEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Clues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    AlertId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Clues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FocusChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Added = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FocusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FocusChanges_MarketEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FocusEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemovedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RemovedReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FocusEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FocusEntries_MarketEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RiskGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Cohesion = table.Column<double>(type: "REAL", nullable: false),
                    Exclusivity = table.Column<double>(type: "REAL", nullable: false),
                    JointSections = table.Column<int>(type: "INTEGER", nullable: false),
                    GroupWins = table.Column<int>(type: "INTEGER", nullable: false),
                    DistinctWinners = table.Column<int>(type: "INTEGER", nullable: false),
                    Rules = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SectionRisks",
                columns: table => new
                {
                    SectionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Rules = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ModelProbability = table.Column<double>(type: "REAL", nullable: true),
                    AnalysedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SectionRisks", x => x.SectionId);
                    table.ForeignKey(
                        name: "FK_SectionRisks_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RuleCategory = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    SectionId = table.Column<long>(type: "INTEGER", nullable: true),
                    GroupKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SharedValue = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StateChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClueId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Alerts_Clues_ClueId",
                        column: x => x.ClueId,
                        principalTable: "Clues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Alerts_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrackingNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SectionId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false),
                    FocusEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackingNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrackingNotices_FocusEntries_FocusEntryId",
                        column: x => x.FocusEntryId,
                        principalTable: "FocusEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TrackingNotices_MarketEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TrackingNotices_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RiskGroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskGroupMembers", x => new { x.GroupId, x.EntityId });
                    table.ForeignKey(
                        name: "FK_RiskGroupMembers_MarketEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RiskGroupMembers_RiskGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "RiskGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertBidders",
                columns: table => new
                {
                    AlertId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertBidders", x => new { x.AlertId, x.EntityId });
                    table.ForeignKey(
                        name: "FK_AlertBidders_Alerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "Alerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AlertBidders_MarketEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AlertId = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertTransitions_Alerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "Alerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertBidders_EntityId",
                table: "AlertBidders",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_ClueId",
                table: "Alerts",
                column: "ClueId");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Key",
                table: "Alerts",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_OccurredAt",
                table: "Alerts",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_RuleCode",
                table: "Alerts",
                column: "RuleCode");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_SectionId",
                table: "Alerts",
                column: "SectionId");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_State_Level",
                table: "Alerts",
                columns: new[] { "State", "Level" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertTransitions_AlertId",
                table: "AlertTransitions",
                column: "AlertId");

            migrationBuilder.CreateIndex(
                name: "IX_BidderRisks_Score",
                table: "BidderRisks",
                column: "Score");

            migrationBuilder.CreateIndex(
                name: "IX_Clues_Number",
                table: "Clues",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FocusChanges_EntityId",
                table: "FocusChanges",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_FocusEntries_EntityId",
                table: "FocusEntries",
                column: "EntityId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RiskGroupMembers_EntityId",
                table: "RiskGroupMembers",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskGroups_Key",
                table: "RiskGroups",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RiskGroups_Score",
                table: "RiskGroups",
                column: "Score");

            migrationBuilder.CreateIndex(
                name: "IX_SectionRisks_Score",
                table: "SectionRisks",
                column: "Score");

            migrationBuilder.CreateIndex(
                name: "IX_TrackingNotices_CreatedAt",
                table: "TrackingNotices",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TrackingNotices_EntityId",
                table: "TrackingNotices",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackingNotices_FocusEntryId",
                table: "TrackingNotices",
                column: "FocusEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackingNotices_SectionId_EntityId",
                table: "TrackingNotices",
                columns: new[] { "SectionId", "EntityId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertBidders");

            migrationBuilder.DropTable(
                name: "AlertTransitions");

            migrationBuilder.DropTable(
                name: "AnalysisRuns");

            migrationBuilder.DropTable(
                name: "BidderRisks");

            migrationBuilder.DropTable(
                name: "FocusChanges");

            migrationBuilder.DropTable(
                name: "RiskGroupMembers");

            migrationBuilder.DropTable(
                name: "SectionRisks");

            migrationBuilder.DropTable(
                name: "TrackingNotices");

            migrationBuilder.DropTable(
                name: "Alerts");

            migrationBuilder.DropTable(
                name: "RiskGroups");

            migrationBuilder.DropTable(
                name: "FocusEntries");

            migrationBuilder.DropTable(
                name: "Clues");
        }
    }
}
