/**
 * DESIGN §3 `notify` `title`: the host page's title becomes `(N) <title>` while N agent messages are unread
 * and the panel is minimised or the tab hidden, and is restored when they are read or the widget is
 * destroyed. The loader decides N (0 when nothing is to be announced); this keeps the page's own title apart
 * from the counted one.
 */

/**
 * Returns `count(n)`: show `n` unread messages in `doc`'s title, or with 0 put the page's own title back.
 * A single-page app may set a title of its own meanwhile: that one is then the page's own, counted from
 * the next call and never overwritten by an old one.
 */
export function titleCounter(doc: { title: string }): (unread: number) => void {
  /** The title this counter last wrote, to tell it from one the page set since. */
  let written: string | undefined;
  let own = doc.title;
  return (unread) => {
    if (doc.title !== written) own = doc.title;
    written = unread > 0 ? `(${unread}) ${own}` : undefined;
    const wanted = written ?? own;
    if (doc.title !== wanted) doc.title = wanted;
  };
}
