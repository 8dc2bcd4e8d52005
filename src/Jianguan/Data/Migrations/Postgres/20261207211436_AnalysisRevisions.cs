using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AnalysisRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Revision",
                table: "AnalysisSections",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "SupervisingOrganisationId",
                table: "AnalysisSections",
                type: "integer",
                nullable: true);

            // The rows already stored take their project's unit (a member unit's scope reads it there from now on).
            migrationBuilder.Sql("""
                UPDATE "AnalysisSections" SET "SupervisingOrganisationId" =
                  (SELECT p."SupervisingOrganisationId" FROM "TradingProjects" p WHERE p."Id" = "AnalysisSections"."ProjectId")
                """);

            migrationBuilder.CreateTable(
                name: "AnalysisRemovals",
                columns: table => new
                {
                    SectionId = table.Column<long>(type: "bigint", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalysisRemovals", x => x.SectionId);
                });

            migrationBuilder.CreateTable(
                name: "AnalysisRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Instance = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false),
                    Reset = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalysisRevisions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisSections_Revision",
                table: "AnalysisSections",
                column: "Revision");

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisRemovals_Revision",
                table: "AnalysisRemovals",
                column: "Revision");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalysisRemovals");

            migrationBuilder.DropTable(
                name: "AnalysisRevisions");

            migrationBuilder.DropIndex(
                name: "IX_AnalysisSections_Revision",
                table: "AnalysisSections");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "AnalysisSections");

            migrationBuilder.DropColumn(
                name: "SupervisingOrganisationId",
                table: "AnalysisSections");
        }
    }
}
