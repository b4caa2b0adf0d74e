// The subset of markdown run notes are shown with: headings, paragraphs, bullet and numbered lists, fenced
// code, and inline `code`, **bold**, *italic* and [links](url). It builds a tree of a few fixed elements
// whose text the renderer inserts as text (MarkdownText.vue), never HTML: notes come from a project file,
// which may come from anyone, so nothing in them can become markup, a script or a navigation (a link's
// address is only shown as its title).

export type MdTag = 'h4' | 'h5' | 'h6' | 'p' | 'ul' | 'ol' | 'li' | 'pre' | 'code' | 'strong' | 'em' | 'a'
export interface MdNode {
  tag: MdTag
  children: (MdNode | string)[]
  /** A link's address (shown as its title, not followed). */
  href?: string
}

export function parseMarkdown(text: string): MdNode[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const out: MdNode[] = []
  let k = 0
  while (k < lines.length) {
    const line = lines[k]
    if (line.trim() === '') {
      k++
    } else if (/^```/.test(line)) {
      const body: string[] = []
      for (k++; k < lines.length && !/^```/.test(lines[k]); k++) body.push(lines[k])
      k++ // the closing fence (or the end)
      out.push({ tag: 'pre', children: [body.join('\n')] })
    } else if (/^#{1,6}\s/.test(line)) {
      const level = /^#+/.exec(line)![0].length
      out.push({ tag: level <= 1 ? 'h4' : level === 2 ? 'h5' : 'h6', children: inline(line.replace(/^#+\s+/, '')) })
      k++
    } else if (/^\s*([-*+]|\d+[.)])\s/.test(line)) {
      const ordered = /^\s*\d/.test(line)
      const items: MdNode[] = []
      for (; k < lines.length && /^\s*([-*+]|\d+[.)])\s/.test(lines[k]); k++) {
        items.push({ tag: 'li', children: inline(lines[k].replace(/^\s*([-*+]|\d+[.)])\s+/, '')) })
      }
      out.push({ tag: ordered ? 'ol' : 'ul', children: items })
    } else {
      const para: string[] = []
      for (; k < lines.length && lines[k].trim() !== '' && !/^(```|#{1,6}\s|\s*([-*+]|\d+[.)])\s)/.test(lines[k]); k++) para.push(lines[k].trim())
      out.push({ tag: 'p', children: inline(para.join(' ')) })
    }
  }
  return out
}

/** Inline spans, left to right; an unmatched marker is plain text. */
function inline(text: string): (MdNode | string)[] {
  const out: (MdNode | string)[] = []
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\(([^)\s]+)\)/g
  let last = 0
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(text.slice(last, m.index))
    if (m[1] !== undefined) out.push({ tag: 'code', children: [m[1]] })
    else if (m[2] !== undefined) out.push({ tag: 'strong', children: inline(m[2]) })
    else if (m[3] !== undefined || m[4] !== undefined) out.push({ tag: 'em', children: inline(m[3] ?? m[4]) })
    else out.push({ tag: 'a', children: [m[5]], href: m[6] })
    last = m.index + m[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}
