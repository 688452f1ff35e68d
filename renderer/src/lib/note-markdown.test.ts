import { describe, expect, it } from 'vitest';
import { renderNoteMarkdown } from './note-markdown.js';

describe('notes rendered as Markdown', () => {
  it('renders what engineers write in notes: emphasis, code, lists, links opening outside', () => {
    const html = renderNoteMarkdown('**cart** fails on `userId=""`\n\n- see https://example.com/runbook\n- [trace](https://jaeger.example.com/trace/abc)');
    expect(html).toContain('<strong>cart</strong>');
    expect(html).toContain('<code>userId=&quot;&quot;</code>');
    expect(html).toContain('<a href="https://example.com/runbook" target="_blank" rel="noopener noreferrer">');
    expect(html).toContain('<a href="https://jaeger.example.com/trace/abc" target="_blank" rel="noopener noreferrer">trace</a>');
  });

  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['<img src=x onerror="alert(1)">', /<img/i],
    ['[click](javascript:alert(1))', /href="javascript:/i],
    ['[data](data:text/html;base64,PHNjcmlwdD4=)', /href="data:/i],
    ['![pixel](https://tracker.example.com/p.gif)', /<img/i],
    // Shown as text: no tag of the output carries an event handler.
    ['<a href="https://evil.example.com" onclick="x()">a</a>', /<[^>]+\son\w+=/i],
    ['[x](vbscript:msgbox)', /href="vbscript:/i],
  ])('renders hostile input %j inert', (body, forbidden) => {
    expect(renderNoteMarkdown(body)).not.toMatch(forbidden);
  });
});
