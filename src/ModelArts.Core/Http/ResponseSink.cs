using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ModelArts.Core.Http
{
    /// <summary>
    /// A write-only stream an answer's body is received into (<see cref="ApiRequest.ResponseTarget"/>) instead of one
    /// buffered array. Its length is what was written. Writes complete synchronously unless a sink has real
    /// asynchronous work: the base class would hand each one to the thread pool.
    /// </summary>
    internal abstract class ResponseSink : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position
        {
            get => Length;
            set => throw new NotSupportedException();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
