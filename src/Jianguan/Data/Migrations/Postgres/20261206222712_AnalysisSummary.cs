using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Postgres
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
                    SectionId = table.Column<long>(type: "bigint", nullable: false),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    ProjectCode = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProjectName = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SectionCode = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SectionName = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Department = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    TendererId = table.Column<long>(type: "bigint", nullable: true),
                    AgencyId = table.Column<long>(type: "bigint", nullable: true),
                    WinnerId = table.Column<long>(type: "bigint", nullable: true),
                    ControlPrice = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    EstimatedPrice = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    Budget = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    AwardAmount = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NoticeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    BidOpenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AwardAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeclaredBidders = table.Column<int>(type: "integer", nullable: true),
                    Day = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    Bidders = table.Column<int>(type: "integer", nullable: false),
                    ValidBidders = table.Column<int>(type: "integer", nullable: false),
                    BidRows = table.Column<int>(type: "integer", nullable: false),
                    Dispersion = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true)
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
