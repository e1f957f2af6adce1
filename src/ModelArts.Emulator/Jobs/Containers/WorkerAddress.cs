using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace ModelArts.Emulator.Jobs.Containers
{
    /// <summary>Where one worker of a job is reached by the others: a host name and the port its rendezvous listens on.</summary>
    internal sealed record WorkerAddress(string Host, int Port)
    {
        /// <summary>The port PyTorch uses by default; every container has its own address, so each can use it.</summary>
        public const int ContainerPort = 29500;

        public override string ToString() => Host + ":" + Port.ToString(CultureInfo.InvariantCulture);

        /// <summary>Workers on the host share the loopback address, so each gets a port that was free when the job started.</summary>
        public static IReadOnlyList<WorkerAddress> OnHost(int workers)
        {
            var listeners = Enumerable.Range(0, workers).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
            try
            {
                listeners.ForEach(l => l.Start());
                return listeners.Select(l => new WorkerAddress("127.0.0.1", ((IPEndPoint)l.LocalEndpoint).Port)).ToList();
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        /// <summary>Containers of a job have their own network, on which worker i answers to <c>&lt;job&gt;-worker-&lt;i&gt;</c>.</summary>
        public static IReadOnlyList<WorkerAddress> InContainers(string job, int workers) =>
            Enumerable.Range(0, workers)
                .Select(i => new WorkerAddress(string.Create(CultureInfo.InvariantCulture, $"{job}-worker-{i}"), ContainerPort))
                .ToList();

        /// <summary>The v1 variables: <c>BATCH_CUSTOM{i}_HOSTS</c> is worker i's <c>host:port</c>, the <c>tcp://</c> init method of v1 scripts.</summary>
        public static void AddV1Variables(IDictionary<string, string> environment, IReadOnlyList<WorkerAddress> workers)
        {
            for (var i = 0; i < workers.Count; i++)
            {
                environment[string.Create(CultureInfo.InvariantCulture, $"BATCH_CUSTOM{i}_HOSTS")] = workers[i].ToString();
            }
        }
    }
}
