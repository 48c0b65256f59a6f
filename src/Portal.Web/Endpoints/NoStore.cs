namespace Portal.Web.Endpoints;

public static class NoStore
{
    /// <summary>
    /// Customer data downloaded by address (exports, calendar feeds): no browser, proxy or shared cache may keep a
    /// copy, and a later user of the same machine cannot bring it back from history.
    /// </summary>
    public static RouteHandlerBuilder NotStored(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
}
