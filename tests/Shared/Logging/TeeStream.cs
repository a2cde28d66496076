using System.Text;

namespace Keyturn.Tests.Shared.Logging;

/// <summary>A response body that writes through to the real one and keeps a copy (up to a bound) to read afterwards.</summary>
internal sealed class TeeStream(Stream inner) : Stream
{
    private const int MaxCaptured = 4 * 1024 * 1024;
    private readonly MemoryStream _copy = new();

    public string CapturedText() => Encoding.UTF8.GetString(_copy.GetBuffer(), 0, (int)_copy.Length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Keep(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The real body belongs to the server; only the copy is ours.
        if (disposing)
        {
            _copy.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_copy.Length + bytes.Length <= MaxCaptured)
        {
            _copy.Write(bytes);
        }
    }
}
