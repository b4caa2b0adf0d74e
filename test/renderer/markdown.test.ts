// Run notes' markdown: the subset it draws, and that nothing in a note becomes markup (the tree holds only
// fixed tags and text; MarkdownText.vue inserts text as text).
import { describe, expect, it } from 'vitest'
import { parseMarkdown } from '../../src/renderer/src/util/markdown'

describe('notes markdown', () => {
  it('reads headings, paragraphs, lists, fenced code and inline spans', () => {
    const md =
      '# Why\nthe **smallest** N,\nto compare with `bkw-exact`.\n\n- *one*\n- two [paper](https://arxiv.org/abs/x)\n\n1. first\n\n```\nlandau runs p.landau\n```'
    expect(parseMarkdown(md)).toEqual([
      { tag: 'h4', children: ['Why'] },
      { tag: 'p', children: ['the ', { tag: 'strong', children: ['smallest'] }, ' N, to compare with ', { tag: 'code', children: ['bkw-exact'] }, '.'] },
      {
        tag: 'ul',
        children: [
          { tag: 'li', children: [{ tag: 'em', children: ['one'] }] },
          { tag: 'li', children: ['two ', { tag: 'a', children: ['paper'], href: 'https://arxiv.org/abs/x' }] },
        ],
      },
      { tag: 'ol', children: [{ tag: 'li', children: ['first'] }] },
      { tag: 'pre', children: ['landau runs p.landau'] },
    ])
  })

  it('keeps markup and unmatched markers as text', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)> 2 * 3 **open')).toEqual([{ tag: 'p', children: ['<img src=x onerror=alert(1)> 2 * 3 **open'] }])
  })
})
