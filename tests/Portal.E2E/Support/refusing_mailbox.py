"""aiosmtpd's Maildir handler, except that it answers 550 to any recipient whose address starts with "bounce",
as a real server answers for a mailbox that does not exist."""
from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("bounce"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"
