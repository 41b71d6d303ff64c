// How a history entry or an audit entry reads for a person: who did it (a member's name, the
// application or the server), and what changed, in words.

/** The person (or thing) behind an actor {user_id, via}: a member's name when known. */
export function actorName(actor, members) {
  if (!actor || actor.user_id === null || actor.user_id === undefined) return "The server";
  const member = (members || []).find((m) => m.id === actor.user_id);
  return member ? member.name : `User #${actor.user_id}`;
}

/** "via an application" for OAuth writes, "" otherwise (sessions and personal tokens are the person). */
export function actorVia(actor) {
  if (!actor) return "";
  if (actor.via === "oauth") return "via an application";
  if (actor.via === "system") return "by a server command";
  return "";
}

const FIELD_WORDS = { folder_id: "folder", parent_id: "parent item", sort_order: "position" };

/** The verb phrase of an item change that has no attribute ("created the item", …). */
export function itemChangeWords(entry, folders) {
  if (entry.action === "item.created") return "created the item";
  if (entry.action === "item.deleted") return "deleted the item";
  if (entry.field === "folder_id") {
    const folder = (folders || []).find((f) => f.id === entry.new);
    return folder ? `moved it to the folder ${folder.name}` : "moved it to another folder";
  }
  if (entry.field === "parent_id") return entry.new ? "made it a sub-item" : "made it a top-level item";
  if (entry.field === "sort_order") return "moved it in the list";
  return `changed its ${FIELD_WORDS[entry.field] || entry.field || "fields"}`;
}
