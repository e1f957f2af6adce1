using System;
using System.IO;
using System.Threading.Tasks;
using ModelArts.Core.Errors;
using ModelArts.Core.Obs;

namespace ModelArts.Core.Tests
{
    // The ranges of a download land side by side in one file, each through its own handle, and an answer longer than its
    // range is refused before a byte of it spills into the next range.
    public class ObsRangeWriterTests
    {
        [Fact]
        public async Task Ranges_WriteSideBySide_AndTheWholeFileIsHashed()
        {
            var path = Path.GetTempFileName();
            try
            {
                var data = new byte[300 * 1024];
                new Random(14).NextBytes(data);
                using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Write))
                {
                    file.SetLength(data.Length);
                    using (var second = ObsRangeWriter.Open(path, 100 * 1024, 200 * 1024, "obs://b/k"))
                    using (var first = ObsRangeWriter.Open(path, 0, 100 * 1024, "obs://b/k"))
                    {
                        await second.WriteAsync(data, 100 * 1024, 200 * 1024);
                        await first.WriteAsync(data, 0, 100 * 1024);
                        Assert.Equal(200 * 1024, second.Written);
                        Assert.Null(first.Md5Hex);
                    }
                }

                Assert.Equal(data, File.ReadAllBytes(path));

                ObsRangeWriter whole;
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Write))
                using (whole = ObsRangeWriter.Whole(file, data.Length, "obs://b/k"))
                {
                    await whole.WriteAsync(data, 0, data.Length);
                }

                using var md5 = ObsETag.NewMd5();
                Assert.Equal(ObsETag.Hex(md5.ComputeHash(data)), whole.Md5Hex);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task MoreThanTheRange_IsRefused_AndNothingOfItIsWritten()
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllBytes(path, new byte[8]);
                using (var writer = ObsRangeWriter.Open(path, 0, 4, "obs://b/k"))
                {
                    await writer.WriteAsync(new byte[] { 1, 2, 3 }, 0, 3);
                    var refused = await Assert.ThrowsAsync<ModelArtsException>(() => writer.WriteAsync(new byte[] { 4, 5 }, 0, 2));
                    Assert.Equal(ModelArtsErrorKind.InvalidResponse, refused.Kind);
                    Assert.Contains("obs://b/k", refused.Message);
                }

                Assert.Equal(new byte[] { 1, 2, 3, 0, 0, 0, 0, 0 }, File.ReadAllBytes(path));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
