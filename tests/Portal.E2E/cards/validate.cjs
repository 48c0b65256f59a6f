// Reads a Teams webhook body on stdin and prints what Microsoft's Adaptive Cards library finds wrong with it, as JSON.
const AdaptiveCards = require("adaptivecards/dist/adaptivecards.js");
const body = JSON.parse(require("fs").readFileSync(0, "utf8"));
const problems = [];
if (body.type !== "message" || !Array.isArray(body.attachments) || body.attachments.length !== 1) {
  problems.push("the body is not a message with one attachment");
}
const attachment = body.attachments?.[0] ?? {};
if (attachment.contentType !== "application/vnd.microsoft.card.adaptive") {
  problems.push(`the attachment's contentType is ${attachment.contentType}`);
}
const card = new AdaptiveCards.AdaptiveCard();
const context = new AdaptiveCards.SerializationContext();
if (typeof attachment.content === "object" && attachment.content !== null) {
  card.parse(attachment.content, context);
} else {
  problems.push("the attachment has no card content");
}
for (let i = 0; i < context.eventCount; i++) {
  problems.push(`parse: ${context.getEventAt(i).message}`);
}
for (const e of card.validateProperties().validationEvents) {
  problems.push(`validate: ${e.message}`);
}
console.log(JSON.stringify({ version: card.version?.toString(), elements: card.getItemCount(), actions: card.getActionCount(), problems }));
