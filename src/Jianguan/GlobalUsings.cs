// Namespaces that most of the platform's files use: the database, its audit trail and roles, and EF Core.
global using System.Globalization;
global using Jianguan.Data;
global using Jianguan.Platform.Audit;
global using Jianguan.Platform.Auth;
global using Microsoft.EntityFrameworkCore;
global using Jianguan.Features.Shared.Paging;
