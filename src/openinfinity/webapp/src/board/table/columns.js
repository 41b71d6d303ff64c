// Column widths by type: fixed tracks keep a long list's layout cheap and stable while pages load.
const WIDTHS = {
  text: 240,
  longtext: 260,
  number: 110,
  email: 210,
  phone: 150,
  checkbox: 90,
  date: 140,
  label: 170,
  members: 130,
  links: 200,
  checklist: 130,
  attachments: 150,
  rating: 120,
  progress: 150,
  vote: 80,
  reference: 200,
  created_at: 160,
  updated_at: 160,
  created_by: 160,
  source_folder: 150,
};

export const ROW_HEAD_WIDTH = 104;

/** The grid-template-columns of a table with these attributes (row header, columns, "+" column). */
export function gridTemplate(attributes) {
  const tracks = attributes.map((a) => `${WIDTHS[a.type] || 160}px`);
  return [`${ROW_HEAD_WIDTH}px`, ...tracks, "48px"].join(" ");
}
