using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Shared;

public static class DevicePageNavigation
{
    /// <summary>
    /// Back to the device page after a change on one of its forms. The device page is static (an island page), and
    /// the interactive router does not load such a page when asked in code, as it does for a link: it shows its
    /// not-found page instead (dotnet/aspnetcore#64541). So the page is loaded from the server.
    /// </summary>
    public static void NavigateToDevice(this NavigationManager navigation, Guid deviceId) =>
        navigation.NavigateTo($"/devices/{deviceId}", forceLoad: true);
}
