using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Jianguan.Platform.Crypto;

/// <summary>
/// ASP.NET Core Data Protection keys (they sign and encrypt the login cookie, anti-forgery tokens and Identity's
/// tokens) kept in the database, table <c>DataProtectionKeys</c>, each key's XML encrypted with the field cipher
/// (SM4-GCM under the current field key): not in clear in the home directory of whoever runs the server, and the
/// same for every node of a cluster (issue 17, item 10; docs/security.md §12).
/// </summary>
public static class DataProtectionKeys
{
    /// <summary>The application name that isolates the keys; the same on every node, whatever its content root.</summary>
    public const string ApplicationName = "jianguan";

    public static IServiceCollection AddJianguanDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<JianguanDbContext>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<FieldCipher>((o, cipher) => o.XmlEncryptor = new FieldCipherXmlEncryptor(cipher));
        return services;
    }
}

/// <summary>Encrypts a Data Protection key's XML with the field cipher.</summary>
public sealed class FieldCipherXmlEncryptor(FieldCipher cipher) : IXmlEncryptor
{
    /// <summary>The associated data of the ciphertext: a field ciphertext copied here does not decrypt.</summary>
    public const string Purpose = "DataProtectionKeys.Xml";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var element = new XElement("encryptedKey",
            new XComment(" 已用字段密钥加密（docs/security.md）/ encrypted with the field cipher "),
            new XElement("value", cipher.Encrypt(plaintextElement.ToString(SaveOptions.DisableFormatting), Purpose)));
        return new EncryptedXmlInfo(element, typeof(FieldCipherXmlDecryptor));
    }
}

/// <summary>
/// Decrypts what <see cref="FieldCipherXmlEncryptor"/> wrote. Refuses a value without a cipher prefix: a key written
/// in clear into the table by someone with database access must not become a key the server trusts.
/// </summary>
public sealed class FieldCipherXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var value = encryptedElement.Element("value")?.Value;
        if (!FieldCipher.IsCiphertext(value))
        {
            throw new FieldDecryptionException(
                "数据保护密钥未加密，已拒绝 / a Data Protection key is not encrypted with the field cipher; refused");
        }

        return XElement.Parse(services.GetRequiredService<FieldCipher>().Decrypt(value!, FieldCipherXmlEncryptor.Purpose));
    }
}
