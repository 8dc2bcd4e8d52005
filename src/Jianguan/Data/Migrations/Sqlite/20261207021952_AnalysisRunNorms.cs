using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnalysisRunNorms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Norms",
                table: "AnalysisRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnalysisRuns_Scope_Id",
                table: "AnalysisRuns",
                columns: new[] { "Scope", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnalysisRuns_Scope_Id",
                table: "AnalysisRuns");

            migrationBuilder.DropColumn(
                name: "Norms",
                table: "AnalysisRuns");
        }
    }
}
