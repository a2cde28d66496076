namespace Keyturn.Server.Http;

/// <summary>
/// 413 with a ProblemDetails naming the limit for /api bodies over 1 MiB. Every Keyturn and Infisical-shaped body is
/// a small JSON object (the largest, a secret value, is far below this), and Kestrel's own limit (30 MB) would let a
/// client make the server buffer 30 MB per request. A declared Content-Length over the limit is refused before the
/// handler runs; a chunked body is counted as the handler reads it. Kestrel's own limit is not lowered for this:
/// a request Kestrel rejects gets Kestrel's bare 413 in place of whatever the application answered.
/// </summary>
public static class RequestLimits
{
    public const long MaxApiBodyBytes = 1024 * 1024;

    private static readonly PathString Api = new("/api");

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(Api))
            {
                await next(context);
                return;
            }

            if (context.Request.ContentLength > MaxApiBodyBytes)
            {
                await TooLarge().ExecuteAsync(context);
                return;
            }

            context.Request.Body = new LengthLimitedStream(context.Request.Body, MaxApiBodyBytes);
            try
            {
                await next(context);
            }
            catch (BodyTooLargeException) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await TooLarge().ExecuteAsync(context);
            }
        });

    private static IResult TooLarge() =>
        Results.Problem(
            title: "Request body too large",
            detail: $"The request body must be at most {MaxApiBodyBytes} bytes (1 MiB).",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    private sealed class BodyTooLargeException() : IOException("The request body is over the limit.");

    /// <summary>Reads through to the request body and throws once more than the limit has come through.</summary>
    private sealed class LengthLimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new BodyTooLargeException() : read;
        }
    }
}
