using System.Threading;
using System.Threading.Tasks;
using ModelArts.Core.Http;

namespace ModelArts.Core.Tests
{
    /// <summary>A call whose thread waits for it anyway sends its first request on that thread, and only that one.</summary>
    public class WaitingCallerTests
    {
        [Fact]
        public async Task AWaitedCallToARealServiceHasEndedWhenItReturns()
        {
            await using var service = await LocalService.StartAsync();
            using var client = service.Client();
            Assert.NotEmpty(await client.GetFlavorsAsync(fresh: true));

            Task<System.Collections.Generic.IReadOnlyList<Models.Flavor>> call;
            using (WaitingCaller.Enter())
            {
                call = client.GetFlavorsAsync(fresh: true);
            }

            // Sent, answered and parsed on this thread: nothing left for the waiter to wait for.
            Assert.True(call.IsCompleted);
            Assert.NotEmpty(await call);
        }

        [Fact]
        public void TheMarkServesOneRequestOnThisThreadOnly()
        {
            var seenElsewhere = true;
            using (WaitingCaller.Enter())
            {
                var other = new Thread(() => seenElsewhere = WaitingCaller.Take());
                other.Start();
                other.Join();
                Assert.False(seenElsewhere);
                Assert.True(WaitingCaller.Take());
                Assert.False(WaitingCaller.Take());
            }

            using (WaitingCaller.Enter())
            {
            }

            Assert.False(WaitingCaller.Take());
        }
    }
}
