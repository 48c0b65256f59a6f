using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Application.Features.Applications;

namespace Portal.Web.Endpoints;

/// <summary>GET /devices/{id}/key-file: the device's opening key file (FAQ Q1-2), through the handler's visibility and audit.</summary>
internal static class KeyFileEndpoints
{
    public static void MapKeyFileEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/devices/{Id:guid}/key-file", async (Guid Id, HttpContext http, IServiceProvider services, IStringLocalizer<SharedResource> L, CancellationToken cancellationToken) =>
        {
            var handler = ActivatorUtilities.CreateInstance<GetKeyFileHandler>(services, new RequestUser(http));
            var result = await handler.HandleAsync(new GetKeyFileQuery(Id), cancellationToken);
            return result.IsOk
                ? Results.File(Encoding.UTF8.GetBytes(result.Value!.Text), "text/plain; charset=utf-8", result.Value.FileName)
                : ReportExportEndpoints.Refused(result, L);
        }).RequireAuthorization().NotStored().ExcludeFromDescription();
}
