// The ids a filter condition can pick from, per attribute type: the attribute's labels, the
// workspace's members, the board's folders.
export function choicesFor(state) {
  return (attribute) => {
    switch (attribute.type) {
      case "label":
        return (attribute.settings?.labels || []).map((l) => ({ id: l.id, name: l.name || "(no name)", color: l.color }));
      case "members":
      case "vote":
      case "created_by":
        return (state.members || []).map((m) => ({ id: m.id, name: m.name || m.email || `User ${m.id}` }));
      case "source_folder":
        return (state.folders || []).map((f) => ({ id: f.id, name: f.name }));
      default:
        return [];
    }
  };
}
