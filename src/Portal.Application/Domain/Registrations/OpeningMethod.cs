namespace Portal.Application.Domain.Registrations;

/// <summary>
/// How a device proves it may open (FAQ Q1-2): free-warranty devices with an opening key file, devices with a support
/// pack or a maintenance contract with the 5-digit key code. The device's contract decides (<see cref="Devices.Contract.OpeningMethod"/>).
/// </summary>
public enum OpeningMethod
{
    /// <summary>開局キーコード方式.</summary>
    KeyCode = 1,

    /// <summary>開局キーファイル方式.</summary>
    KeyFile = 2,
}
