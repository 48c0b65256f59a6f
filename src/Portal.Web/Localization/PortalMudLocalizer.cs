using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Portal.Web.Localization;

/// <summary>MudBlazor's own strings (pager, dialogs) from our resources; MudBlazor's English when a key is absent.</summary>
internal sealed class PortalMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public override LocalizedString this[string key] => localizer[key];
}
