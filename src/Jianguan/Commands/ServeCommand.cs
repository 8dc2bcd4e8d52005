using System.CommandLine;

namespace Jianguan.Commands;

public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "监听地址 / listen address",
            DefaultValueFactory = _ => "http://127.0.0.1:5000",
        };
        var db = Cli.DbOption();
        var demo = new Option<bool>("--demo") { Description = "向空库写入演示城市数据并打印演示账号 / seed the demo city into an empty database" };
        var command = new Command("serve", "启动网站 / run the web application") { urls, db, demo };
        command.SetAction(async (parse, ct) =>
        {
            var app = WebApp.Build(new WebAppOptions(Database.Resolve(parse.GetValue(db)), parse.GetValue(urls)!, parse.GetValue(demo)));
            await WebApp.PrepareAsync(app, ct);
            if (app.Services.GetRequiredService<Platform.Crypto.FieldCipher>().Development)
            {
                await Console.Error.WriteLineAsync(
                    "警告：未配置 JIANGUAN_FIELD_KEYS，个人信息使用公开的开发密钥加密（见 docs/security.md）/ warning: no JIANGUAN_FIELD_KEYS, personal data is encrypted with the public development key (see docs/security.md)");
            }

            Console.WriteLine($"公共资源交易协同监管平台已启动，请在浏览器打开 / open in a browser: {parse.GetValue(urls)}");
            await app.RunAsync();
            return Cli.Ok;
        });
        return command;
    }
}
