using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sampling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SamplingInspectors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CertificateNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CertificateValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Specialties = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Conflicts = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingInspectors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SamplingObjects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EntityKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RiskGrade = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreditGrade = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    RiskBasis = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingObjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SamplingPlans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Departments = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DecisionRef = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ApprovedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SamplingBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    RatioHigh = table.Column<double>(type: "REAL", precision: 9, scale: 6, nullable: false),
                    RatioMediumHigh = table.Column<double>(type: "REAL", precision: 9, scale: 6, nullable: false),
                    RatioMedium = table.Column<double>(type: "REAL", precision: 9, scale: 6, nullable: false),
                    RatioLow = table.Column<double>(type: "REAL", precision: 9, scale: 6, nullable: false),
                    FilterKinds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FilterCategories = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FilterDepartments = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FilterRegions = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    JointDepartments = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplingBatches_SamplingPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "SamplingPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SamplingDraws",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PoolJson = table.Column<string>(type: "TEXT", nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", nullable: false),
                    ServerSeed = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PoolHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ParametersHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ServerSeedHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Commitment = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CommittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CommittedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PublicInput = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Seed = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RecordJson = table.Column<string>(type: "TEXT", nullable: true),
                    DrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DrawnBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingDraws", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplingDraws_SamplingBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "SamplingBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SamplingAssignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DrawId = table.Column<long>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    ObjectKey = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    ObjectName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ObjectKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EntityKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Inspectors = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    InspectorNames = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Attachments = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PublishDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Exempt = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExemptReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplingAssignments_SamplingDraws_DrawId",
                        column: x => x.DrawId,
                        principalTable: "SamplingDraws",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SamplingAssignments_DrawId_Order",
                table: "SamplingAssignments",
                columns: new[] { "DrawId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SamplingAssignments_EntityKey",
                table: "SamplingAssignments",
                column: "EntityKey");

            migrationBuilder.CreateIndex(
                name: "IX_SamplingAssignments_PublishedAt",
                table: "SamplingAssignments",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SamplingBatches_PlanId",
                table: "SamplingBatches",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_SamplingDraws_BatchId",
                table: "SamplingDraws",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_SamplingInspectors_Code",
                table: "SamplingInspectors",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SamplingObjects_Key",
                table: "SamplingObjects",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SamplingObjects_RiskGrade",
                table: "SamplingObjects",
                column: "RiskGrade");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SamplingAssignments");

            migrationBuilder.DropTable(
                name: "SamplingInspectors");

            migrationBuilder.DropTable(
                name: "SamplingObjects");

            migrationBuilder.DropTable(
                name: "SamplingDraws");

            migrationBuilder.DropTable(
                name: "SamplingBatches");

            migrationBuilder.DropTable(
                name: "SamplingPlans");
        }
    }
}
