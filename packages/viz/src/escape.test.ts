import { describe, expect, it } from 'vitest';
import { escapeXml, jsonForScript, scriptForHtml } from './escape';

describe('escapeXml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;',
    );
  });

  it('keeps Devanagari, combining accents and emoji', () => {
    const text = 'नमस्ते e\u0301te\u0301 👨‍👩‍👧';
    expect(escapeXml(text)).toBe(text);
  });

  it('replaces characters XML cannot hold', () => {
    expect(escapeXml('a\u0000b\u001Fc\uD800d\uFFFF')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFD');
    expect(escapeXml('tab\tnew\nline')).toBe('tab\tnew\nline');
  });
});

describe('script embedding', () => {
  it('writes JSON that cannot close its script element', () => {
    const json = jsonForScript({ note: '</script><!-- & \u2028' });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ note: '</script><!-- & \u2028' });
  });

  it('breaks closing tags and comment openers in inlined code', () => {
    expect(scriptForHtml('a="</SCRIPT>";b="<!--"')).toBe('a="<\\/SCRIPT>";b="<\\!--"');
  });
});
