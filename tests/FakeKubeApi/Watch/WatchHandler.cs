using Microsoft.AspNetCore.Http;
using SensorStack.FakeKubeApi.Http;
using SensorStack.FakeKubeApi.Selectors;
using SensorStack.FakeKubeApi.Store;

namespace SensorStack.FakeKubeApi.Watch;

/// <summary>
/// Serves <c>?watch=1</c>: a chunked response of newline-delimited JSON events (ADDED, MODIFIED,
/// DELETED, BOOKMARK), ended after <c>timeoutSeconds</c>, when a test drops it, or when the
/// resource stops being served. An expired resourceVersion is answered as the real server does:
/// HTTP 200 and one ERROR event carrying a 410 Status.
/// </summary>
internal static class WatchHandler
{
    public static async Task ServeAsync(HttpContext context, ApiRoute route, ObjectStore store, FakeKubeApiOptions options)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var bookmarks = ApiRoute.IsTrue(query["allowWatchBookmarks"]);
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : options.DefaultWatchTimeout;

        Watcher watcher;
        try
        {
            watcher = store.OpenWatch(route.Type!, route.Namespace, labels, fields, query["resourceVersion"]);
        }
        catch (StatusException e) when (e.Code == 410)
        {
            await StartAsync(context);
            await WriteLineAsync(context, $"{{\"type\":\"ERROR\",\"object\":{e.ToStatus().ToJsonString(JsonNodes.Wire)}}}", context.RequestAborted);
            return;
        }

        using (watcher)
        {
            try
            {
                await StartAsync(context);
                await PumpAsync(context, store, watcher, bookmarks, timeout, options);
                if (watcher.AbortConnection)
                {
                    context.Abort();
                }
            }
            finally
            {
                store.CloseWatch(watcher);
            }
        }
    }

    private static async Task PumpAsync(
        HttpContext context, ObjectStore store, Watcher watcher, bool bookmarks, TimeSpan timeout, FakeKubeApiOptions options)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, options.TimeProvider);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeoutSource.Token, watcher.Dropped);
        var bookmarkLoop = bookmarks ? SendBookmarksAsync(store, watcher, options, ended.Token) : Task.CompletedTask;
        try
        {
            while (await watcher.Lines.WaitToReadAsync(ended.Token))
            {
                while (watcher.Lines.TryRead(out var line))
                {
                    await context.Response.WriteAsync(line + "\n", ended.Token);
                }

                await context.Response.Body.FlushAsync(ended.Token);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The watch timed out, was dropped, or the client left: the response simply ends here.
        }
        finally
        {
            await ended.CancelAsync();
            await bookmarkLoop;
        }
    }

    private static async Task SendBookmarksAsync(ObjectStore store, Watcher watcher, FakeKubeApiOptions options, CancellationToken ended)
    {
        using var timer = new PeriodicTimer(options.BookmarkInterval, options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(ended))
            {
                store.Bookmark(watcher);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The watch ended; no more bookmarks.
        }
    }

    private static async Task StartAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        // Send the headers now: the client returns from the request only when they arrive.
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteLineAsync(HttpContext context, string line, CancellationToken cancellation)
    {
        await context.Response.WriteAsync(line + "\n", cancellation);
        await context.Response.Body.FlushAsync(cancellation);
    }
}
