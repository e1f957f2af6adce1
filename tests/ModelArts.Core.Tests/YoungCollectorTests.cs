using System;
using ModelArts.Core.Logs;

namespace ModelArts.Core.Tests
{
    // A long log read must not leave its garbage lines to a young-generation budget sized by a (virtual) CPU cache.
    public class YoungCollectorTests
    {
        [Fact]
        public void AReaderCollectsItsYoungGarbageOnceEnoughLinesWereRead()
        {
            var collector = new YoungCollector();
            var before = GC.CollectionCount(0);

            collector.Count(YoungCollector.EveryChars);
            collector.CollectIfDue();

            Assert.True(GC.CollectionCount(0) > before, "no young collection after " + YoungCollector.EveryChars + " characters");
        }
    }
}
