using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jianguan.Platform.Web;

/// <summary>The one error path: a few well-known exceptions become ProblemDetails with a meaningful status.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "请求无效 / bad request"),
            ArgumentException or FormatException or InvalidDataException => (StatusCodes.Status400BadRequest, "请求无效 / bad request"),
            UnauthorizedAccessException => (StatusCodes.Status403Forbidden, "无权操作 / forbidden"),
            KeyNotFoundException => (StatusCodes.Status404NotFound, "未找到 / not found"),
            DbUpdateConcurrencyException or DbUpdateException => (StatusCodes.Status409Conflict, "数据冲突，请刷新后重试 / conflict"),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                // Messages of these exceptions are written for users (validation, missing record), not stack traces.
                Detail = status == StatusCodes.Status409Conflict ? null : exception.Message,
            },
        });
    }
}
