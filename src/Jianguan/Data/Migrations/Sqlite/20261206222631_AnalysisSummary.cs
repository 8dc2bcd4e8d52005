using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnalysisSummary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnalysisSections",
                columns: table => new
                {
                    SectionId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProjectCode = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProjectName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SectionCode = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SectionName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Department = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TendererId = table.Column<long>(type: "INTEGER", nullable: true),
                    AgencyId = table.Column<long>(type: "INTEGER", nullable: true),
                    WinnerId = table.Column<long>(type: "INTEGER", nullable: true),
                    ControlPrice = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    EstimatedPrice = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    Budget = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    AwardAmount = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NoticeAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BidOpenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AwardAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeclaredBidders = table.Column<int>(type: "INTEGER", nullable: true),
                    Day = table.Column<long>(type: "INTEGER", nullable: true),
                    Year = table.Column<int>(type: "INTEGER", nullable: true),
                    Bidders = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidBidders = table.Column<int>(type: "INTEGER", nullable: false),
                    BidRows = table.Column<int>(type: "INTEGER", nullable: false),
                    Dispersion = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalysisSections", x => x.SectionId);
                    table.ForeignKey(
                        name: "FK_AnalysisSections_MarketEntities_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AnalysisSections_MarketEntities_TendererId",
                        column: x => x.TendererId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AnalysisSections_MarketEntities_WinnerId",
                        column: x => x.WinnerId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AnalysisSections_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisSections_AgencyId",
                table: "AnalysisSections",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisSections_Category_Day",
                table: "AnalysisSections",
                columns: new[] { "Category", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisSections_Day",
                table: "AnalysisSections",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisSections_ProjectId",
                table: "AnalysisSections",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisSections_TendererId",
                table: "AnalysisSections",
                column: "TendererId");

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisSections_WinnerId",
                table: "AnalysisSections",
                column: "WinnerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalysisSections");
        }
    }
}
