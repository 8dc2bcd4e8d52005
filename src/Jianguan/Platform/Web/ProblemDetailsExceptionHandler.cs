using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Jianguan.Platform.Web;

/// <summary>
/// The one error path: a few well-known exceptions become a meaningful status (400/403/404/409), anything else
/// a 500. API callers get ProblemDetails; people in a browser get a plain Chinese page in the site's style.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <summary>The status and title an exception is answered with (also what the audit entry of the request records).</summary>
    public static (int Status, string Title) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, "请求无效 / bad request"),
        ArgumentException or FormatException or InvalidDataException => (StatusCodes.Status400BadRequest, "请求无效 / bad request"),
        UnauthorizedAccessException => (StatusCodes.Status403Forbidden, "无权操作 / forbidden"),
        KeyNotFoundException => (StatusCodes.Status404NotFound, "未找到 / not found"),
        _ when IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, DatabaseUnavailable),
        DbUpdateConcurrencyException or DbUpdateException => (StatusCodes.Status409Conflict, "数据冲突，请刷新后重试 / conflict"),
        _ => (StatusCodes.Status500InternalServerError, "服务器内部错误 / internal error"),
    };

    public const string DatabaseUnavailable = "数据库暂时无法连接，请稍后重试 / the database is unavailable, try again shortly";

    /// <summary>
    /// The database cannot be reached or is restarting (a PostgreSQL failover or restart, a refused or broken
    /// connection): a 503 the client may retry, not a 500. Looks through the wrappers EF Core and Npgsql add.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
                case Npgsql.PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal):
                    return true;
                case Npgsql.PostgresException:
                    return false;
                case Npgsql.NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException:
                    return true;
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = Classify(exception);

        // Messages of the mapped exceptions are written for users (validation, missing record); others may leak internals.
        var detail = status is StatusCodes.Status409Conflict or StatusCodes.Status500InternalServerError ? null
            : status == StatusCodes.Status503ServiceUnavailable ? DatabaseUnavailable
            : exception.Message;
        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        if (ErrorPages.WantsHtml(httpContext))
        {
            await ErrorPages.WriteHtmlAsync(httpContext, status, detail);
            return true;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>Error and status pages for browsers, written without Razor so they work even when a page failed.</summary>
public static class ErrorPages
{
    public static bool WantsHtml(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (WebApp.IsApiPath(context.Request.Path))
        {
            return false;
        }

        var accept = context.Request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>For UseStatusCodePages: empty 4xx/5xx responses get a page (browsers) or ProblemDetails (API).</summary>
    public static async Task StatusCodePageAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (WantsHtml(http))
        {
            await WriteHtmlAsync(http, http.Response.StatusCode, null);
            return;
        }

        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = http.Response.StatusCode },
        });
    }

    public static async Task WriteHtmlAsync(HttpContext context, int status, string? detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (title, text) = status switch
        {
            StatusCodes.Status400BadRequest => ("请求无效", "提交的内容无法处理，请返回上一页检查后重试。"),
            StatusCodes.Status403Forbidden => ("无权访问", "您的账户没有执行该操作的权限。"),
            StatusCodes.Status404NotFound => ("页面不存在", "您访问的页面或记录不存在，可能已被删除或地址有误。"),
            StatusCodes.Status409Conflict => ("数据冲突", "数据已被他人修改，请刷新后重试。"),
            StatusCodes.Status413PayloadTooLarge => ("文件过大", "上传内容超过大小上限，请分批上传。"),
            >= 500 => ("系统出错了", "服务器处理请求时发生错误，请稍后重试；如问题持续，请将下方请求编号告知系统管理员。"),
            _ => ("请求未完成", "请返回上一页重试。"),
        };
        var extra = detail is null ? "" : $"<p class=\"errors\">{WebUtility.HtmlEncode(detail)}</p>";
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{title} - 公共资源交易协同监管平台</title><link rel="stylesheet" href="/css/site.css" /></head>
            <body>
            <header class="site-header"><div class="bar"><a class="brand" href="/"><span class="emblem" aria-hidden="true">监</span><span class="brand-name">公共资源交易协同监管平台</span></a></div></header>
            <main class="content"><section class="narrow">
            <h1>{title}</h1><p>{text}</p>{extra}
            <p class="muted">状态码 {status} · 请求编号 {WebUtility.HtmlEncode(context.TraceIdentifier)}</p>
            <p><a href="/">返回首页</a></p>
            </section></main>
            </body>
            </html>
            """);
    }
}
