using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Platform.Auth;

/// <summary>
/// The password rules of 等保 2.0 三级 (身份鉴别): at least 8 characters from at least three of the four classes, and
/// none of the last 5 passwords again.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MinClasses = 3;
    public const int HistoryDepth = 5;

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!@#$%^&*-_=+?";

    /// <summary>How many of upper case, lower case, digits and other characters the password uses.</summary>
    public static int Classes(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return (password.Any(char.IsAsciiLetterUpper) ? 1 : 0)
            + (password.Any(char.IsAsciiLetterLower) ? 1 : 0)
            + (password.Any(char.IsAsciiDigit) ? 1 : 0)
            + (password.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 1 : 0);
    }

    /// <summary>An initial password (16 characters, four classes, no look-alikes) drawn with a CSPRNG; shown once.</summary>
    public static string Generate(int length = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 12);
        var all = Upper + Lower + Digits + Symbols;
        var chars = new char[length];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}

/// <summary>Length and character classes (Identity's own validator checks each class separately, not "3 of 4").</summary>
public sealed class CharacterClassPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        password ??= "";
        var errors = new List<IdentityError>();
        if (password.Length < PasswordRules.MinLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooShort", Description = $"密码长度至少 {PasswordRules.MinLength} 位。" });
        }

        if (PasswordRules.Classes(password) < PasswordRules.MinClasses)
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordClasses",
                Description = "密码须包含大写字母、小写字母、数字、符号四类中的至少三类。",
            });
        }

        if (user is not null && !string.IsNullOrEmpty(user.UserName)
            && password.Contains(user.UserName, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "密码不得包含用户名。" });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}

/// <summary>
/// Refuses the current password and the previous ones kept in <see cref="PasswordHistory"/> (the last
/// <see cref="PasswordRules.HistoryDepth"/> in all). Hashes are compared with the Identity hasher, never stored twice
/// in clear.
/// </summary>
public sealed class PasswordHistoryValidator(JianguanDbContext db) : IPasswordValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(password) || string.IsNullOrEmpty(user.Id))
        {
            return IdentityResult.Success;
        }

        var hashes = await db.PasswordHistory.AsNoTracking()
            .Where(h => h.UserId == user.Id)
            .OrderByDescending(h => h.Id)
            .Select(h => h.Hash)
            .Take(PasswordRules.HistoryDepth)
            .ToListAsync();
        if (user.PasswordHash is { } current && !hashes.Contains(current))
        {
            hashes.Insert(0, current);
        }

        foreach (var hash in hashes.Take(PasswordRules.HistoryDepth))
        {
            if (manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed)
            {
                return IdentityResult.Failed(new IdentityError
                {
                    Code = "PasswordReused",
                    Description = $"新密码不得与最近 {PasswordRules.HistoryDepth} 次使用过的密码相同。",
                });
            }
        }

        return IdentityResult.Success;
    }
}

/// <summary>A password an account has had (its Identity hash only), newest last; feeds the no-reuse rule.</summary>
public sealed class PasswordHistory
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

internal sealed class PasswordHistoryConfiguration : IEntityTypeConfiguration<PasswordHistory>
{
    public void Configure(EntityTypeBuilder<PasswordHistory> builder)
    {
        builder.ToTable("PasswordHistory");
        builder.Property(h => h.UserId).HasMaxLength(450);
        builder.Property(h => h.Hash).HasMaxLength(512);
        builder.HasIndex(h => new { h.UserId, h.Id });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Identity's messages in Chinese, for the ones a user can meet on the pages.</summary>
public sealed class ChineseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "当前密码不正确。" };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码长度至少 {length} 位。" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名 {userName} 已存在。" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = $"用户名 {userName} 无效：只能包含字母、数字和 -._@+。" };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "验证码无效或已过期。" };
    public override IdentityError RecoveryCodeRedemptionFailed() => new() { Code = nameof(RecoveryCodeRedemptionFailed), Description = "恢复码无效或已使用。" };
    public override IdentityError UserAlreadyInRole(string role) => new() { Code = nameof(UserAlreadyInRole), Description = $"该账户已有角色 {role}。" };
    public override IdentityError UserNotInRole(string role) => new() { Code = nameof(UserNotInRole), Description = $"该账户没有角色 {role}。" };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "账户已被他人修改，请刷新后重试。" };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "操作失败。" };
}
