using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using ModelArts.Emulator;
using ModelArts.Emulator.Http;
using ModelArts.Emulator.Options;

/// <summary>
/// Starts the local service, prints where it listens and the credentials in effect on standard output, and
/// runs until SIGTERM or Ctrl+C.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        EmulatorOptions? options = null;
        RunningEmulator emulator;
        try
        {
            var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .Select(e => new System.Collections.Generic.KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""));
            options = OptionsLoader.Load(args, environment);
            if (options == null)
            {
                Console.WriteLine(OptionsLoader.Usage);
                return 0;
            }
            emulator = await EmulatorApp.StartAsync(options);
        }
        catch (OptionsException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            Console.Error.WriteLine(PortInUse(e, options!));
            return 1;
        }
        await using (emulator)
        {
            if (EmulatorApp.NonLoopbackUrls(options).Count > 0)
            {
                Console.Error.WriteLine("WARNING: --allow-remote: the service listens beyond this machine. Its default credentials are public; set your own.");
            }
            foreach (var address in emulator.Addresses)
            {
                Console.WriteLine("ModelArts local service listening on " + address);
            }
            if (options.ObsUrlList.Count > 0)
            {
                foreach (var address in emulator.ObsAddresses)
                {
                    Console.WriteLine("  OBS:          " + address);
                }
            }
            PrintCredentials(options);
            await emulator.WaitForShutdownAsync();
        }
        return 0;
    }

    /// <summary>"port 8443 is in use", naming the address Kestrel could not bind (its message holds the URL).</summary>
    private static string PortInUse(IOException e, EmulatorOptions options)
    {
        var url = options.UrlList.FirstOrDefault(u => e.Message.Contains(u, StringComparison.OrdinalIgnoreCase)) ?? options.UrlList[0];
        var port = ListenUrl.Parse(url)?.Port.ToString(CultureInfo.InvariantCulture) ?? url;
        return $"Cannot start: port {port} is in use ({url}); stop the program that listens there or choose another with --urls.";
    }

    private static void PrintCredentials(EmulatorOptions options)
    {
        Console.WriteLine($"  data root:    {options.DataRoot}");
        Console.WriteLine($"  project:      {options.ProjectName} (id {options.ProjectId})");
        Console.WriteLine($"  access key:   {options.AccessKey}");
        Console.WriteLine(options.SecretKey == EmulatorOptions.DefaultSecretKey
            ? $"  secret key:   {options.SecretKey} (built-in default, not for production)"
            : "  secret key:   (as configured)");
        Console.WriteLine($"  user:         {options.User} in domain {options.Domain}, password "
            + (options.Password == EmulatorOptions.DefaultPassword ? options.Password + " (built-in default)" : "(as configured)"));
        if (!options.Faults.IsOff)
        {
            Console.WriteLine($"  faults:       {options.Faults}");
        }
        Console.Out.Flush();
    }
}
