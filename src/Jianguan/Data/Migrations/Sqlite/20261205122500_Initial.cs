using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
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
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Roles = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PrevHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "AuditHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditHead", x => x.Id);
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
                name: "DataQualityIssues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataQualityIssues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HolidayYears",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    LoadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HolidayYears", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "ImportBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Projects = table.Column<int>(type: "INTEGER", nullable: false),
                    Sections = table.Column<int>(type: "INTEGER", nullable: false),
                    Bids = table.Column<int>(type: "INTEGER", nullable: false),
                    Entities = table.Column<int>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportBatches", x => x.Id);
                });

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
                name: "MarketEntities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreditCodeValid = table.Column<bool>(type: "INTEGER", nullable: false),
                    LegalRepresentative = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketEntities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecipientKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecipientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NumberCounters",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastIssued = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NumberCounters", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Organisations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Sectors = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organisations", x => x.Id);
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
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "NotificationReads",
                columns: table => new
                {
                    NotificationId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationReads", x => new { x.NotificationId, x.UserId });
                    table.ForeignKey(
                        name: "FK_NotificationReads_Notifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "Notifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: true),
                    MustChangePassword = table.Column<bool>(type: "INTEGER", nullable: false),
                    Disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<long>(type: "INTEGER", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUsers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MachineTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revoked = table.Column<bool>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MachineTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MachineTokens_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TradingProjects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CategoryDetail = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TendererId = table.Column<long>(type: "INTEGER", nullable: true),
                    AgencyId = table.Column<long>(type: "INTEGER", nullable: true),
                    SupervisingDepartment = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SupervisingOrganisationId = table.Column<int>(type: "INTEGER", nullable: true),
                    TenderMode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Budget = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TradingProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TradingProjects_MarketEntities_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TradingProjects_MarketEntities_TendererId",
                        column: x => x.TendererId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TradingProjects_Organisations_SupervisingOrganisationId",
                        column: x => x.SupervisingOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PasswordHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PasswordHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PasswordHistory_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Sections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ControlPrice = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    EstimatedPrice = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    NoticeAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BidOpenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeclaredBidderCount = table.Column<int>(type: "INTEGER", nullable: true),
                    EvaluationMethod = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    WinnerId = table.Column<long>(type: "INTEGER", nullable: true),
                    AwardAmount = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    AwardDiscountRate = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    AwardAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sections_MarketEntities_WinnerId",
                        column: x => x.WinnerId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Sections_TradingProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "TradingProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "Bids",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SectionId = table.Column<long>(type: "INTEGER", nullable: false),
                    BidderId = table.Column<long>(type: "INTEGER", nullable: false),
                    Price = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    Rate = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UploadIp = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Mac = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CpuSerial = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DiskSerial = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FileMachineCode = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FileCreationCode = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DongleSerial = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DepositAccount = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ProjectManager = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PmCertificate = table.Column<string>(type: "TEXT", maxLength: 1138, nullable: true),
                    PmCertificateHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ContactPerson = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 1138, nullable: true),
                    ContactPhoneHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LegalRepresentative = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DocHash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bids", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Bids_MarketEntities_BidderId",
                        column: x => x.BidderId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Bids_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Candidates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SectionId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false),
                    Price = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true),
                    Score = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Candidates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Candidates_MarketEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "MarketEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Candidates_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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
                    PublishClockId = table.Column<long>(type: "INTEGER", nullable: true),
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
                    table.ForeignKey(
                        name: "FK_SamplingAssignments_StatutoryClocks_PublishClockId",
                        column: x => x.PublishClockId,
                        principalTable: "StatutoryClocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
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

            migrationBuilder.InsertData(
                table: "AuditHead",
                columns: new[] { "Id", "Hash", "Seq" },
                values: new object[] { 1, "0000000000000000000000000000000000000000000000000000000000000000", 0L });

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
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_OrganisationId",
                table: "AspNetUsers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_At",
                table: "AuditEntries",
                columns: new[] { "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_UserName_At",
                table: "AuditEntries",
                columns: new[] { "UserName", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_BidderRisks_Score",
                table: "BidderRisks",
                column: "Score");

            migrationBuilder.CreateIndex(
                name: "IX_Bids_BidderId",
                table: "Bids",
                column: "BidderId");

            migrationBuilder.CreateIndex(
                name: "IX_Bids_SectionId_BidderId",
                table: "Bids",
                columns: new[] { "SectionId", "BidderId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_EntityId",
                table: "Candidates",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_SectionId_EntityId",
                table: "Candidates",
                columns: new[] { "SectionId", "EntityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Clues_Number",
                table: "Clues",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DataQualityIssues_Subject_SubjectKey_Field",
                table: "DataQualityIssues",
                columns: new[] { "Subject", "SubjectKey", "Field" },
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
                name: "IX_ImportBatches_Sha256",
                table: "ImportBatches",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_Job_StartedAt",
                table: "JobRuns",
                columns: new[] { "Job", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_Outcome",
                table: "JobRuns",
                column: "Outcome");

            migrationBuilder.CreateIndex(
                name: "IX_MachineTokens_OrganisationId",
                table: "MachineTokens",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_MachineTokens_Prefix",
                table: "MachineTokens",
                column: "Prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MarketEntities_Key",
                table: "MarketEntities",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MarketEntities_Name",
                table: "MarketEntities",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationReads_UserId",
                table: "NotificationReads",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientKind_RecipientId_CreatedAt",
                table: "Notifications",
                columns: new[] { "RecipientKind", "RecipientId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Code",
                table: "Organisations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PasswordHistory_UserId_Id",
                table: "PasswordHistory",
                columns: new[] { "UserId", "Id" });

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
                name: "IX_SamplingAssignments_DrawId_Order",
                table: "SamplingAssignments",
                columns: new[] { "DrawId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SamplingAssignments_EntityKey",
                table: "SamplingAssignments",
                column: "EntityKey");

            migrationBuilder.CreateIndex(
                name: "IX_SamplingAssignments_PublishClockId",
                table: "SamplingAssignments",
                column: "PublishClockId");

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

            migrationBuilder.CreateIndex(
                name: "IX_SectionRisks_Score",
                table: "SectionRisks",
                column: "Score");

            migrationBuilder.CreateIndex(
                name: "IX_Sections_BidOpenAt",
                table: "Sections",
                column: "BidOpenAt");

            migrationBuilder.CreateIndex(
                name: "IX_Sections_ProjectId_Code",
                table: "Sections",
                columns: new[] { "ProjectId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sections_WinnerId",
                table: "Sections",
                column: "WinnerId");

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

            migrationBuilder.CreateIndex(
                name: "IX_TradingProjects_AgencyId",
                table: "TradingProjects",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_TradingProjects_Code",
                table: "TradingProjects",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TradingProjects_PublishedAt",
                table: "TradingProjects",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TradingProjects_SupervisingOrganisationId",
                table: "TradingProjects",
                column: "SupervisingOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_TradingProjects_TendererId",
                table: "TradingProjects",
                column: "TendererId");

            // The audit trail is append-only in the database itself, not only in the application.
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON \"AuditEntries\" BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON \"AuditEntries\" BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");

            migrationBuilder.DropTable(
                name: "AlertBidders");

            migrationBuilder.DropTable(
                name: "AlertTransitions");

            migrationBuilder.DropTable(
                name: "AnalysisRuns");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "AuditHead");

            migrationBuilder.DropTable(
                name: "BidderRisks");

            migrationBuilder.DropTable(
                name: "Bids");

            migrationBuilder.DropTable(
                name: "Candidates");

            migrationBuilder.DropTable(
                name: "DataQualityIssues");

            migrationBuilder.DropTable(
                name: "FocusChanges");

            migrationBuilder.DropTable(
                name: "HolidayYears");

            migrationBuilder.DropTable(
                name: "ImportBatches");

            migrationBuilder.DropTable(
                name: "JobRuns");

            migrationBuilder.DropTable(
                name: "MachineTokens");

            migrationBuilder.DropTable(
                name: "NotificationReads");

            migrationBuilder.DropTable(
                name: "NumberCounters");

            migrationBuilder.DropTable(
                name: "PasswordHistory");

            migrationBuilder.DropTable(
                name: "RiskGroupMembers");

            migrationBuilder.DropTable(
                name: "SamplingAssignments");

            migrationBuilder.DropTable(
                name: "SamplingInspectors");

            migrationBuilder.DropTable(
                name: "SamplingObjects");

            migrationBuilder.DropTable(
                name: "SectionRisks");

            migrationBuilder.DropTable(
                name: "StatutoryClockPauses");

            migrationBuilder.DropTable(
                name: "TrackingNotices");

            migrationBuilder.DropTable(
                name: "Alerts");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "RiskGroups");

            migrationBuilder.DropTable(
                name: "SamplingDraws");

            migrationBuilder.DropTable(
                name: "StatutoryClocks");

            migrationBuilder.DropTable(
                name: "FocusEntries");

            migrationBuilder.DropTable(
                name: "Clues");

            migrationBuilder.DropTable(
                name: "Sections");

            migrationBuilder.DropTable(
                name: "SamplingBatches");

            migrationBuilder.DropTable(
                name: "TradingProjects");

            migrationBuilder.DropTable(
                name: "SamplingPlans");

            migrationBuilder.DropTable(
                name: "MarketEntities");

            migrationBuilder.DropTable(
                name: "Organisations");
        }
    }
}
