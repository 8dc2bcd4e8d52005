// Namespaces that most test files use: the database, roles, EF Core and the host's service provider.
global using Jianguan.Data;
global using Jianguan.Platform.Auth;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
