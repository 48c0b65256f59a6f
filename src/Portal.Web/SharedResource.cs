namespace Portal.Web;

/// <summary>Marker for Resources/SharedResource.resx (English) and SharedResource.ja.resx (Japanese).</summary>
public sealed class SharedResource
{
}
