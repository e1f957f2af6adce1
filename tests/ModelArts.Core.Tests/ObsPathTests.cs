using ModelArts.Core.Errors;

namespace ModelArts.Core.Tests
{
    public class ObsPathTests
    {
        [Theory]
        [InlineData("obs://bucket/a/b", true, "/bucket/a/b/")]
        [InlineData("OBS://bucket/a/b/", true, "/bucket/a/b/")]
        [InlineData("s3://bucket/a", true, "/bucket/a/")]
        [InlineData("/bucket/a//b", true, "/bucket/a/b/")]
        [InlineData("obs://bucket", true, "/bucket/")]
        [InlineData(" /bucket/data/x.csv ", false, "/bucket/data/x.csv")]
        [InlineData("obs://my.bucket-1/k/train.py", false, "/my.bucket-1/k/train.py")]
        public void NormalizesToV1Form(string input, bool directory, string expected)
        {
            Assert.Equal(expected, ObsPath.Normalize(input, directory));
        }

        [Theory]
        [InlineData("", true)]
        [InlineData("bucket/a", true)]
        [InlineData("https://bucket/a", true)]
        [InlineData("obs://", true)]
        [InlineData("obs://Bucket/a", true)]
        [InlineData("obs://ab/a", true)]
        [InlineData("/bucket/a/../b", true)]
        [InlineData("/bucket/a/", false)]
        [InlineData("/bucket", false)]
        public void RefusesWhatIsNoObsPath(string input, bool directory)
        {
            var e = Assert.Throws<ModelArtsValidationException>(() => ObsPath.Normalize(input, directory));
            Assert.Equal("InvalidObsPath", e.ErrorId);
        }

        [Fact]
        public void GeneratedNamesAreValid()
        {
            var name = TrainingJobNames.Generate();
            Assert.True(TrainingJobNames.IsValid(name));
            Assert.False(TrainingJobNames.IsValid(""));
            Assert.False(TrainingJobNames.IsValid(null));
        }
    }
}
