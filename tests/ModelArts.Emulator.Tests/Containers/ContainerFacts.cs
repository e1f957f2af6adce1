using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ModelArts.Emulator.Jobs;
using ModelArts.Emulator.Paths;

namespace ModelArts.Emulator.Tests.Containers
{
    /// <summary>
    /// A tiny image made on this machine with <c>import</c> from busybox-static, so nothing is pulled; it is
    /// built once per test run, through the service's own way of calling the engine.
    /// </summary>
    internal static class TestImage
    {
        public const string Name = "localhost/modelarts-local-test-busybox:1";

        private static readonly string[] Applets = { "sh", "cat", "echo", "env", "hostname", "ls", "mkdir", "nc", "sleep", "sort", "test", "grep" };

        private static readonly Lazy<string?> Built = new Lazy<string?>(Build);

        /// <summary>Null when the image is there, else why container tests cannot run here.</summary>
        public static string? Problem => Built.Value;

        /// <summary>The engine the service finds, called as the service calls it (a scratch data root of its own).</summary>
        public static ContainerRuntime Runtime { get; } = new ContainerRuntime(new DataRoot(TestService.NewDirectory()));

        /// <summary>The containers, running or not, of a version of the service on <paramref name="dataRoot"/>.</summary>
        public static List<string> Containers(string dataRoot, long version) =>
            Names(dataRoot, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "ps", "-a", "--format", "{{.Names}}");

        public static List<string> Networks(string dataRoot, long version) => Names(dataRoot, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "network", "ls", "--format", "{{.Name}}");

        /// <summary>What the engine lists with the service's root label, kept to the run's names (<c>ma-&lt;root&gt;-&lt;run&gt;[-&lt;worker&gt;]</c>).</summary>
        private static List<string> Names(string dataRoot, string run, params string[] listing)
        {
            var service = new ContainerRuntime(new DataRoot(dataRoot));
            var answer = Runtime.Call(listing.Concat(new[] { "--filter", "label=" + service.RootLabel }).ToArray());
            Assert.True(answer.Succeeded, answer.Reason);
            var name = $"ma-{service.RootId}-{run}";
            return answer.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(n => n == name || n.StartsWith(name + "-", StringComparison.Ordinal))
                .ToList();
        }

        /// <summary>busybox-static's program: one static binary is a whole userland.</summary>
        public static string? Busybox => new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists);

        private static string? Build()
        {
            if (Runtime.Command == null)
            {
                return "neither podman nor docker is installed with an engine that answers 'info' (CI installs podman and runc)";
            }
            var busybox = Busybox;
            if (busybox == null)
            {
                return "busybox-static is not installed, so no test image can be made without pulling one";
            }
            var rootfs = TestService.NewDirectory();
            Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
            Directory.CreateDirectory(Path.Combine(rootfs, "tmp"));
            File.Copy(busybox, Path.Combine(rootfs, "bin", "busybox"));
            foreach (var applet in Applets)
            {
                File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
            }
            var tarball = rootfs + ".tar";
            using (var tar = Process.Start("tar", new[] { "-C", rootfs, "-cf", tarball, "." })!)
            {
                tar.WaitForExit();
            }
            var imported = Runtime.Call("import", tarball, Name);
            File.Delete(tarball);
            Directory.Delete(rootfs, recursive: true);
            return imported.Succeeded ? null : $"{Runtime.Command} import of a busybox image failed: {imported.Reason}";
        }
    }

    /// <summary>
    /// An image with the machine's own Python and PyTorch (made by <c>torch_rootfs.py</c> and <c>import</c>, ~600 MiB, so it
    /// is kept in the engine's storage and made again only when it is missing).
    /// </summary>
    internal static class TorchImage
    {
        public const string Name = "localhost/modelarts-local-test-torch:1";

        private static readonly Lazy<string?> Built = new Lazy<string?>(Build);

        public static string? Problem => Built.Value;

        private static string? Build()
        {
            if (TestImage.Problem is string problem)
            {
                return problem;
            }
            if (!TorchFactAttribute.Found)
            {
                return TorchFactAttribute.Missing;
            }
            if (TestImage.Runtime.Call("image", "inspect", Name).Succeeded)
            {
                return null;
            }
            var tarball = Path.Combine(TestService.NewDirectory(), "torch.tar");
            try
            {
                using (var make = Process.Start(TorchFactAttribute.Python, new[] { Repository.File("tests", "ModelArts.Emulator.Tests", "Containers", "torch_rootfs.py"), tarball, TestImage.Busybox! })!)
                {
                    make.WaitForExit();
                    if (make.ExitCode != 0)
                    {
                        return "torch_rootfs.py could not collect this machine's PyTorch into an image";
                    }
                }
                var imported = TestImage.Runtime.Call("import", tarball, Name);
                return imported.Succeeded ? null : $"{TestImage.Runtime.Command} import of the PyTorch image failed: {imported.Reason}";
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(tarball)!, recursive: true);
            }
        }
    }

    /// <summary>Files of the repository the tests were built from.</summary>
    internal static class Repository
    {
        public static string File(params string[] parts)
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !System.IO.File.Exists(Path.Combine(directory.FullName, "ModelArts.sln")))
            {
                directory = directory.Parent;
            }
            Assert.True(directory != null, "the repository root (ModelArts.sln) is not above " + AppContext.BaseDirectory);
            return Path.Combine(new[] { directory!.FullName }.Concat(parts).ToArray());
        }
    }

    /// <summary>A test that needs a container engine and the PyTorch image; skipped with the reason otherwise.</summary>
    public sealed class TorchContainerFactAttribute : FactAttribute
    {
        public TorchContainerFactAttribute()
        {
            if (TorchImage.Problem is string problem)
            {
                Skip = "PyTorch container test skipped: " + problem + ".";
            }
        }
    }

    /// <summary>A test that needs a container engine and the busybox test image; skipped with the reason otherwise.</summary>
    public sealed class ContainerFactAttribute : FactAttribute
    {
        public ContainerFactAttribute()
        {
            if (TestImage.Problem is string problem)
            {
                Skip = "Container test skipped: " + problem + ".";
            }
        }
    }

    /// <summary>A test that needs Debian's PyTorch (<c>python3-torch</c> for /usr/bin/python3); skipped with the reason otherwise.</summary>
    public sealed class TorchFactAttribute : FactAttribute
    {
        public const string Python = "/usr/bin/python3";

        public const string Missing = Python + " cannot import torch (CI installs Debian's python3-torch)";

        private static readonly Lazy<bool> Probe = new Lazy<bool>(() =>
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(Python, new[] { "-c", "import torch" }) { RedirectStandardError = true, UseShellExecute = false })!;
                probe.StandardError.ReadToEnd();
                probe.WaitForExit();
                return probe.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        });

        public static bool Found => Probe.Value;

        public TorchFactAttribute()
        {
            if (!Found)
            {
                Skip = "PyTorch test skipped: " + Missing + ".";
            }
        }
    }
}
