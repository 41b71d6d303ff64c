// How a comment's HTML reaches the page. The API sanitises every comment on save (nh3/ammonia,
// comments/sanitize.py: formatting tags kept; scripts, event handlers, `javascript:` links dropped),
// and the app only ever renders the text the API returned, never what the person typed.
// DOMPurify runs again in the browser as a second line, so a gap in either sanitiser (or a row
// written to the database by other means) still cannot run script here. Its allowlist is narrower
// than the API's: no inline styles, no forms, no embedded frames or media besides images.
import DOMPurify from "dompurify";

const ALLOWED_TAGS = [
  "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
  "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strike", "strong",
  "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
];
const ALLOWED_ATTR = ["href", "title", "alt", "src", "width", "height", "colspan", "rowspan"];

let hooked = false;
function hook() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A") {
      // links leave the app in a new tab that cannot reach back into it
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer nofollow");
    } else if (node.tagName === "IMG") {
      node.setAttribute("referrerpolicy", "no-referrer");
      node.setAttribute("loading", "lazy");
    }
  });
}

/** The API's (already sanitised) comment HTML, sanitised once more for rendering. */
export function commentHtml(apiText) {
  hook();
  return DOMPurify.sanitize(String(apiText || ""), {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/|#|[^:]*$)/i,
  });
}
