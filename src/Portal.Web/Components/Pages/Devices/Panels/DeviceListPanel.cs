using Microsoft.AspNetCore.Components;
using Portal.Application.Features.Devices;

namespace Portal.Web.Components.Pages.Devices.Panels;

/// <summary>
/// A panel of the device page with its own list: loaded with each <see cref="DeviceDetail"/> the page passes, which
/// is a new one after every change, and only then (not on every render of the page).
/// </summary>
public abstract class DeviceListPanel<T> : ComponentBase where T : class
{
    private DeviceDetail? _loadedFor;

    [Parameter, EditorRequired]
    public DeviceDetail Device { get; set; } = null!;

    protected T? Items { get; private set; }

    protected abstract Task<T?> LoadAsync(Guid deviceId);

    protected override async Task OnParametersSetAsync()
    {
        if (!ReferenceEquals(_loadedFor, Device))
        {
            _loadedFor = Device;
            Items = await LoadAsync(Device.Id);
        }
    }
}
