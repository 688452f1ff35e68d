import MarkdownIt from 'markdown-it';

/**
 * Notes are Markdown, rendered without any HTML of their own: raw HTML in a note is shown as text (html: false),
 * markdown-it refuses javascript:, vbscript:, file: and data: links, images are not rendered (a casefile never makes
 * the page fetch anything), and links open outside the app — in a new tab in the browser, in the system browser from
 * Electron (its window-open handler) — and only when clicked.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });
markdown.disable(['image']);
markdown.renderer.rules.link_open = (tokens, index, options, _env, self) => {
  const token = tokens[index]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, index, options);
};

/** A note's body as HTML that is safe to insert. */
export function renderNoteMarkdown(body: string): string {
  return markdown.render(body);
}
