using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Devices;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Devices;

public sealed record ChangeContractCommand(Guid DeviceId, ContractType Type, DateOnly? Date, bool SupportPackConfirmed);

/// <summary>
/// Staff change a device's contract from the centre's data, audited: its type, last day and a support pack's
/// confirmation. When the new contract opens by the other method (a free warranty became a maintenance contract,
/// FAQ Q4-11), the applicant and contacts are asked to apply again; the current key works until the new one is
/// issued.
/// </summary>
public sealed class ChangeContractHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public Task<Result> HandleAsync(ChangeContractCommand command, CancellationToken cancellationToken = default) =>
        DeviceRecordCorrection.ChangeAsync(dbFactory, currentUser, clock, command.DeviceId, AuditAction.ChangeContract, async (db, device, registration) =>
        {
            if (command.Date is not { } date)
            {
                return Result.Invalid(ErrorCodes.DateRequired, nameof(Contract.ValidUntil)).As<(object Before, object After)>();
            }

            if (!Enum.IsDefined(command.Type))
            {
                return Result.Invalid(ErrorCodes.InvalidTransition, nameof(Contract.Type)).As<(object Before, object After)>();
            }

            var before = device.Contract;
            var changed = device.ChangeContract(Contract.Of(command.Type, date, command.SupportPackConfirmed));
            if (!changed.IsOk)
            {
                return changed.As<(object Before, object After)>();
            }

            if (registration is { HoldsKey: true, KeyMethod: { } method } && method != device.Contract.OpeningMethod)
            {
                foreach (var to in await ContactRecipients.ApplicantAndContactsAsync(db, registration, cancellationToken))
                {
                    db.Notifications.Add(MailComposer.Compose(MailKind.ContractChanged, to, device, clock.GetUtcNow()));
                }
            }

            return Result<(object Before, object After)>.Ok((Describe(before), Describe(device.Contract)));
        }, cancellationToken);

    private static object Describe(Contract contract) => new { Contract = contract.Type, contract.ValidUntil, contract.SupportPackConfirmed };
}
