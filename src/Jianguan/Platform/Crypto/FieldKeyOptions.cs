using Microsoft.Extensions.Options;

namespace Jianguan.Platform.Crypto;

/// <summary>
/// The field-key configuration, bound from the configuration root under the documented variable names
/// (docs/security.md): the environment variables of today, or the same keys in any other configuration source.
/// </summary>
public sealed class FieldKeyOptions
{
    [ConfigurationKeyName(FieldKeyRing.KeysVariable)]
    public string? Keys { get; set; }

    [ConfigurationKeyName(FieldKeyRing.KeysFileVariable)]
    public string? KeysFile { get; set; }

    [ConfigurationKeyName(FieldKeyRing.IndexKeyVariable)]
    public string? IndexKey { get; set; }

    [ConfigurationKeyName(FieldKeyRing.CipherVariable)]
    public string? Cipher { get; set; }

    [ConfigurationKeyName("JIANGUAN_ENVIRONMENT")]
    public string? JianguanEnvironment { get; set; }

    [ConfigurationKeyName("ASPNETCORE_ENVIRONMENT")]
    public string? AspNetCoreEnvironment { get; set; }

    [ConfigurationKeyName("DOTNET_ENVIRONMENT")]
    public string? DotNetEnvironment { get; set; }

    /// <summary>
    /// Set by <c>serve --demo</c> (never from configuration: internal, so the binder leaves it alone): the published
    /// development key is then accepted in any environment.
    /// </summary>
    internal bool Demo { get; set; }

    /// <summary>Throws <see cref="FieldKeyException"/> when the configuration is unusable (e.g. no keys outside Development).</summary>
    public FieldCipher CreateCipher() => FieldKeyRing.From(name => name switch
    {
        FieldKeyRing.KeysVariable => Keys,
        FieldKeyRing.KeysFileVariable => KeysFile,
        FieldKeyRing.IndexKeyVariable => IndexKey,
        FieldKeyRing.CipherVariable => Cipher,
        "JIANGUAN_ENVIRONMENT" => JianguanEnvironment,
        "ASPNETCORE_ENVIRONMENT" => AspNetCoreEnvironment,
        "DOTNET_ENVIRONMENT" => DotNetEnvironment,
        _ => null,
    }, Demo);

    /// <summary>The configuration is valid when it gives a cipher; the failure is <see cref="FieldKeyRing"/>'s own message.</summary>
    internal sealed class Validator : IValidateOptions<FieldKeyOptions>
    {
        public ValidateOptionsResult Validate(string? name, FieldKeyOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            try
            {
                options.CreateCipher();
                return ValidateOptionsResult.Success;
            }
            catch (FieldKeyException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
