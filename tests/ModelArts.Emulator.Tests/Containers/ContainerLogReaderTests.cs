using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using ModelArts.Emulator.Jobs.Containers;

namespace ModelArts.Emulator.Tests.Containers
{
    /// <summary>Reading a container's k8s-file log as it grows: whole lines, pieces, entries written in halves, a late file.</summary>
    public sealed class ContainerLogReaderTests : IDisposable
    {
        private readonly string _directory = TestService.NewDirectory();

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        [Fact]
        public async Task EntriesBecomeTheTextTheContainerPrintedInOrder()
        {
            var path = Path.Combine(_directory, "output.log");
            // "é" is cut between two pieces, as the monitor cuts a long line at its buffer's end, and a line of the
            // other stream comes between them.
            var e = Encoding.UTF8.GetBytes("é");
            using (var file = new FileStream(path, FileMode.Create))
            {
                file.Write(Encoding.UTF8.GetBytes("2026-12-01T10:00:00.000000001+00:00 stdout F first line\n"
                    + "2026-12-01T10:00:00.000000002+00:00 stderr F an error\n"
                    + "2026-12-01T10:00:00.000000003+00:00 stdout F \n"
                    + "2026-12-01T10:00:00.000000004+00:00 stdout P caf"));
                file.Write(new[] { e[0], (byte)'\n' });
                file.Write(Encoding.UTF8.GetBytes("2026-12-01T10:00:00.000000005+00:00 stderr F between\n"
                    + "2026-12-01T10:00:00.000000006+00:00 stdout F "));
                file.Write(new[] { e[1] });
                file.Write(Encoding.UTF8.GetBytes(" au lait\n2026-12-01T10:00:00.000000007+00:00 stdout P final metric 0.97\n"
                    + "2026-12-01T10:00:00.000000008+00:00 stderr P no newline either\n"));
            }
            using var reader = new ContainerLogReader(path, Task.CompletedTask);
            Assert.Equal("first line\nan error\n\nbetween\ncafé au lait\nfinal metric 0.97\nno newline either\n", await ReadAllAsync(reader));
        }

        [Fact]
        public async Task TheLogIsFollowedUntilTheClientExitsAndThenReadToItsEnd()
        {
            var path = Path.Combine(_directory, "late.log");
            var exited = new TaskCompletionSource();
            using var reader = new ContainerLogReader(path, exited.Task);
            var text = ReadAllAsync(reader);
            // The pauses let the reader look first for a file not made yet, then at an entry written in half.
            await Task.Delay(300);
            await File.AppendAllTextAsync(path, "2026-12-01T10:00:00.000000001+00:00 stdout F one\n2026-12-01T10:00:00.000000002+00:00 std");
            await Task.Delay(300);
            await File.AppendAllTextAsync(path, "out F two\n");
            exited.SetResult();
            Assert.Equal("one\ntwo\n", await text.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        [Fact]
        public async Task ALogThatNeverAppearedEndsEmptyOnceTheClientExited()
        {
            using var reader = new ContainerLogReader(Path.Combine(_directory, "never.log"), Task.CompletedTask);
            Assert.Equal("", await ReadAllAsync(reader).WaitAsync(TimeSpan.FromSeconds(30)));
        }

        private static async Task<string> ReadAllAsync(TextReader reader)
        {
            var text = new StringBuilder();
            var buffer = new char[5];
            int read;
            while ((read = await reader.ReadAsync(buffer, 0, buffer.Length)) > 0)
            {
                text.Append(buffer, 0, read);
            }
            return text.ToString();
        }
    }
}
