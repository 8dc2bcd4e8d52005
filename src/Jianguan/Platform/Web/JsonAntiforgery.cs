using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Platform.Web;

/// <summary>
/// Anti-forgery for JSON endpoints called from the pages: the middleware only records its verdict for them, so each
/// state-changing handler asks here and answers 400 when the token is missing or wrong.
/// </summary>
public static class JsonAntiforgery
{
    private const string Message = "缺少或无效的防伪令牌（请求头 RequestVerificationToken）/ missing or invalid anti-forgery token";

    public static bool Refused(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false };
    }

    public static ProblemHttpResult Problem() => TypedResults.Problem(Message, statusCode: StatusCodes.Status400BadRequest);
}
