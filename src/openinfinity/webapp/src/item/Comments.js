// The item's comment thread: write, reply, edit and delete one's own comments. Comment bodies are
// the API's sanitised HTML, sanitised again before rendering (see commentHtml.js).
import { html, useEffect, useState } from "../lib/html.js";
import { useSession } from "../shell/session.js";
import { CommentForm } from "./CommentForm.js";
import { commentHtml } from "./commentHtml.js";
import { listComments, postComment, editComment, deleteComment, threads } from "./commentsApi.js";
import { useCommentChanges } from "../live/comments.js";

export function Comments({ store, item }) {
  const { profile } = useSession();
  const [comments, setComments] = useState(null);
  const [error, setError] = useState(null);

  const reload = async () => {
    try {
      setComments(await listComments(store.base, item.id));
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    reload();
  }, [store, item.id]);
  useCommentChanges(item.id, reload); // someone else's comment shows up (change feed); drafts stay

  const actions = {
    me: profile && profile.id,
    reply: async (parentId, text) => {
      await postComment(store.base, item.id, text, parentId);
      await reload();
    },
    edit: async (commentId, text) => {
      await editComment(store.base, item.id, commentId, text);
      await reload();
    },
    remove: async (commentId) => {
      setError(null);
      try {
        await deleteComment(store.base, item.id, commentId);
        await reload();
      } catch (err) {
        setError(err.message);
      }
    },
  };

  const live = (comments || []).filter((c) => !c.deleted);
  return html`<section class="item-section item-comments" aria-labelledby="item-comments-title">
    <h3 id="item-comments-title">Comments</h3>
    ${!comments && !error && html`<p class="muted" aria-busy="true">Loading…</p>`}
    ${comments &&
    html`<ol class="comment-list" aria-label="Comments">
      ${threads(live).map(
        (t) => html`<li key=${t.comment.id}>
          <${Comment} comment=${t.comment} actions=${actions} />
          ${t.replies.length > 0 &&
          html`<ol class="comment-replies" aria-label="Replies">
            ${t.replies.map((r) => html`<li key=${r.id}><${Comment} comment=${r} actions=${actions} /></li>`)}
          </ol>`}
        </li>`,
      )}
      ${live.length === 0 && html`<li class="muted">No comments yet.</li>`}
    </ol>`}
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
    <${CommentForm} id="new-comment" label="Write a comment" submitLabel="Comment"
      onSubmit=${(text) => actions.reply(null, text)} />
  </section>`;
}

function Comment({ comment, actions }) {
  const [mode, setMode] = useState(null); // null | "reply" | "edit" | "confirm-delete"
  const author = comment.created_by && typeof comment.created_by === "object" ? comment.created_by : null;
  const mine = author ? author.id === actions.me : comment.created_by === actions.me;
  const when = comment.created_at ? new Date(comment.created_at) : null;

  return html`<article class="comment" data-testid="comment" aria-label=${`Comment by ${author ? author.name : "someone"}`}>
    <header class="comment-header">
      <strong>${author ? author.name : "Someone"}</strong>
      ${when && html`<time class="muted" datetime=${comment.created_at}>${when.toLocaleString()}</time>`}
    </header>
    ${mode === "edit"
      ? html`<${CommentForm} id=${`edit-${comment.id}`} label="Edit comment" initial=${comment.text}
          submitLabel="Save" autoFocus onCancel=${() => setMode(null)}
          onSubmit=${async (text) => {
            await actions.edit(comment.id, text);
            setMode(null);
          }} />`
      : html`<div class="comment-body" dangerouslySetInnerHTML=${{ __html: commentHtml(comment.text) }}></div>`}
    <div class="comment-actions">
      <button type="button" class="link-button" onClick=${() => setMode(mode === "reply" ? null : "reply")}>Reply</button>
      ${mine && html`<button type="button" class="link-button" onClick=${() => setMode("edit")}>Edit</button>`}
      ${mine && mode !== "confirm-delete" &&
      html`<button type="button" class="link-button danger" onClick=${() => setMode("confirm-delete")}>Delete</button>`}
      ${mine && mode === "confirm-delete" &&
      html`<span role="group" aria-label="Confirm deletion">
        <button type="button" class="danger" onClick=${() => actions.remove(comment.id)}>Delete comment</button>
        <button type="button" onClick=${() => setMode(null)}>Keep</button>
      </span>`}
    </div>
    ${mode === "reply" &&
    html`<${CommentForm} id=${`reply-${comment.id}`} label="Write a reply" submitLabel="Reply" autoFocus
      onCancel=${() => setMode(null)}
      onSubmit=${async (text) => {
        await actions.reply(comment.id, text);
        setMode(null);
      }} />`}
  </article>`;
}
