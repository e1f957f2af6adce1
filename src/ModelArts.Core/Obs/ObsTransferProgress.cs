using System.Threading;

namespace ModelArts.Core.Obs
{
    /// <summary>Counters of a running transfer, safe to read from another thread while it runs.</summary>
    public sealed class ObsTransferProgress
    {
        private long _bytesDone;
        private long _bytesTotal;
        private int _filesDone;
        private int _filesTotal;

        public long BytesDone => Interlocked.Read(ref _bytesDone);

        public long BytesTotal => Interlocked.Read(ref _bytesTotal);

        public int FilesDone => Volatile.Read(ref _filesDone);

        public int FilesTotal => Volatile.Read(ref _filesTotal);

        internal void AddFile(long size)
        {
            Interlocked.Increment(ref _filesTotal);
            Interlocked.Add(ref _bytesTotal, size);
        }

        internal void AddBytes(long count) => Interlocked.Add(ref _bytesDone, count);

        internal void FileDone() => Interlocked.Increment(ref _filesDone);
    }
}
