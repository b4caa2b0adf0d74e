// Vector PDF of an exported figure: the SVG that ECharts' SVG renderer drew, converted by
// svg-to-pdfkit into PDFKit drawing commands, one page of the figure's size, with DejaVu Sans
// (resources/fonts, with its licence) embedded as a subset, so that the PDF reads the same on any machine
// and in any journal's pipeline. Used by `landau chaos --pdf` and by the API's figurePdf (the UI's export).
//
// Only the SVG the app itself draws is converted (hardening): svg-to-pdfkit hands an <image>'s href to
// PDFKit's openImage, which reads any local path (a FIFO hung the server, /dev/zero grew it to 4 GB), and
// its drawing is synchronous on the backend's main thread. So checkFigureSvg first reads the document as
// svg-to-pdfkit's own parser does and refuses anything ECharts' SVG renderer does not emit for our charts
// (images, scripts, foreign objects, links, fonts, references outside the document), and bounds its size
// and element count; the conversion then runs with an image callback that refuses every image and a budget
// of drawing operations, so that even a reference the check let through could neither read a file nor
// multiply the work.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './repoRoot'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import { ApiError } from '../shared/api'

/** The font shipped with the project and embedded in every PDF. */
export const FIGURE_FONT_FILE = join(repoRoot, 'resources', 'fonts', 'DejaVuSans.ttf')

let fontBytes: Buffer | null = null
const font = () => (fontBytes ??= readFileSync(FIGURE_FONT_FILE))

/** A PDFKit document that only measures text in the figure font. */
let measurer: PDFKit.PDFDocument | null = null
/**
 * Width of `text` in the figure font at the CSS font's px size: in Node ECharts has no canvas to measure
 * text with, so headless layouts (the CLI's SVG) use the embedded font's glyph widths instead.
 */
export function figureTextWidth(text: string, cssFont: string | undefined): number {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false })
    measurer.registerFont('DejaVuSans', font())
    measurer.font('DejaVuSans')
  }
  const px = Number(/(\d+(?:\.\d+)?)px/.exec(cssFont ?? '')?.[1] ?? 12)
  return measurer.fontSize(px).widthOfString(text)
}

export interface PdfInfo {
  title: string
  /** The figure's metadata (run ids, specs), as JSON in the document's Subject. */
  metadata: Record<string, unknown>
  keywords?: string
  creator: string
}

/** As FigurePdfRequest's bound (src/shared/figureExport.ts): the renderer's export is a few hundred kB. */
export const MAX_FIGURE_SVG_CHARS = 12_000_000
/**
 * Elements drawn, counting again each element a reference (<use>, clip-path, mask, pattern, gradient)
 * draws again. svg-to-pdfkit's pass over the tree is synchronous on the backend's main thread and takes
 * ≈ 40 µs an element (measured: 199 000 paths, 8.8 s), so 50 000 is ≈ 2 s; a chart of the app draws a few
 * hundred to a few thousand (one path per series, per drawn marker, per label). Counting the references
 * stops a small document whose references multiply (10 nested groups of 10 <use> each: 10¹⁰ draws).
 */
export const MAX_FIGURE_ELEMENTS = 50_000
/** Nesting depth. ECharts nests < 10 levels; svg-to-pdfkit parses and draws recursively (a 10⁵-deep tree would overflow the stack). */
export const MAX_FIGURE_DEPTH = 256
/**
 * PDF content operations (moveto, lineto, text, colour, …) one conversion may write: a path's segments cost
 * no element each but 4–8 µs each to parse and draw (measured: one path of 10⁶ segments, 3.8–8.4 s). A
 * decimated history (≤ 8 000 rows a series, tens of series) writes ≈ 10⁵–3·10⁵; past 10⁶ the conversion
 * stops and the SVG is refused, so drawing holds the backend's main thread for seconds at most.
 */
export const MAX_FIGURE_OPERATIONS = 1_000_000

/**
 * The elements ECharts' SVG renderer (zrender/svg) emits for the app's charts, with <metadata> (the
 * export's), <title>/<desc> and <use>/<symbol>/<mask> (harmless local drawing). Not: <image> (the charts draw
 * none; svg-to-pdfkit would open its href as a file), <a>, <textPath>, <marker>, <foreignObject>, <script>,
 * fonts and animation, nor anything a future renderer might add unseen: refused, so a new element is a clear
 * error rather than a silent hole.
 */
const FIGURE_ELEMENTS = new Set([
  'svg',
  'g',
  'defs',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'clipPath',
  'mask',
  'linearGradient',
  'radialGradient',
  'stop',
  'pattern',
  'filter',
  'feDropShadow',
  'style',
  'metadata',
  'title',
  'desc',
  'use',
  'symbol',
])

const refused = (what: string) =>
  new ApiError(
    'invalid-argument',
    `figure PDF: ${what}; only the SVG the app's charts draw is converted (no images, scripts, foreign objects, fonts or references outside the document)`,
  )

/** svg-to-pdfkit's decodeEntities, for the numeric and XML entities (the others it knows decode to letters, never to '#', ':' or '/'). */
function decodeEntities(s: string): string {
  return s.replace(/&(?:#([0-9]+)|#[xX]([0-9A-Fa-f]+)|(quot|amp|lt|gt|apos));/g, (m, dec: string, hex: string, name: string) => {
    if (dec) return String.fromCharCode(parseInt(dec, 10))
    if (hex) return String.fromCharCode(parseInt(hex, 16))
    return ({ quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" } as Record<string, string>)[name] ?? m
  })
}

/** A url(…) in an attribute value must name an element of this document: url(#id). */
function checkUrls(value: string, where: string): void {
  for (const m of value.matchAll(/url\s*\(\s*['"]?\s*([^)'"]*)/gi)) {
    if (!m[1].trim().startsWith('#')) throw refused(`${where} refers to ${JSON.stringify(`url(${m[1].trim()})`)} outside the document`)
  }
}

/**
 * The ids a value may reference. svg-to-pdfkit's resolveUrl takes what follows the last '#' (`#id`,
 * `url(#id)`, `url('#id') …`) to the end, a closing parenthesis or quote; ids holding a delimiter are refused
 * (checkFigureSvg), so each '#' gives one candidate, up to the next delimiter. A candidate naming no element
 * costs nothing; counting every '#' rather than the last only makes the bound stricter.
 */
const ID_DELIMITER = /[\s)'";,#]/
function referencedIds(value: string): Set<string> {
  const out = new Set<string>()
  for (let k = value.indexOf('#'); k >= 0; k = value.indexOf('#', k + 1)) out.add(/^[^\s)'";,#]*/.exec(value.slice(k + 1))![0])
  return out
}

interface ParsedElement {
  name: string
  children: number[]
  /** Attribute values holding a '#': the references, resolved once every id is known. */
  refs: string[]
}

/**
 * Refuses an SVG that is not one of the app's figures (see the top of this file). The document is read
 * with svg-to-pdfkit's own grammar (the same token patterns as parseXml in
 * node_modules/svg-to-pdfkit/source.js), but strictly: where that parser would warn and carry on (a tag it
 * cannot read, a mismatched or missing end tag, a duplicate attribute, data after the root), this refuses,
 * so the tree checked here is the tree svg-to-pdfkit draws.
 */
export function checkFigureSvg(svg: string): void {
  if (typeof svg !== 'string' || svg.length > MAX_FIGURE_SVG_CHARS) throw refused(`the SVG is over ${MAX_FIGURE_SVG_CHARS} characters`)
  const xml = svg.trim()
  const OPEN = /<([\w:.-]+)\s*/y
  const ATTR = /([\w:.-]+)(?:\s*=\s*"([^"]*)"|\s*=\s*'([^']*)')?\s*/y
  const SELF_END = /\/>/y
  const END = />/y
  const CLOSE = /<\/([\w:.-]+)\s*>/y
  const COMMENT = /<!--[\s\S]*?-->/y
  const DECL = /<\?xml\s[^?]*\?>/y
  const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/y
  const TEXT = /[^<]+/y
  const at = (re: RegExp, pos: number) => {
    re.lastIndex = pos
    return re.exec(xml)
  }
  const elements: ParsedElement[] = []
  /** First element of each id, as svg-to-pdfkit's getElementById finds it (document order). */
  const ids = new Map<string, number>()
  const sheets: string[] = []
  const open: { index: number; style: string[] | null }[] = []
  let pos = 0
  while (pos < xml.length) {
    let m: RegExpExecArray | null
    if ((m = at(OPEN, pos))) {
      const name = m[1]
      if (!FIGURE_ELEMENTS.has(name)) throw refused(`the SVG has a <${name}> element`)
      if (open.length === 0 && (elements.length > 0 || name !== 'svg'))
        throw refused(elements.length ? 'the SVG has data after its root element' : `the root element is <${name}>, not <svg>`)
      if (elements.length >= MAX_FIGURE_ELEMENTS) throw refused(`the SVG has over ${MAX_FIGURE_ELEMENTS} elements`)
      if (open.length >= MAX_FIGURE_DEPTH) throw refused(`the SVG nests elements over ${MAX_FIGURE_DEPTH} deep`)
      const index = elements.length
      const element: ParsedElement = { name, children: [], refs: [] }
      elements.push(element)
      if (open.length) elements[open[open.length - 1].index].children.push(index)
      pos += m[0].length
      const seen = new Set<string>()
      while ((m = at(ATTR, pos))) {
        pos += m[0].length
        const attr = m[1]
        if (seen.has(attr)) throw refused(`<${name}> repeats the attribute ${attr}`)
        seen.add(attr)
        const raw = m[2] ?? m[3] ?? ''
        const value = decodeEntities(raw)
        if (attr === 'id') {
          if (ID_DELIMITER.test(value)) throw refused(`the id ${JSON.stringify(value)} holds a space, quote, parenthesis, comma, semicolon or '#'`)
          if (!ids.has(value)) ids.set(value, index)
          continue
        }
        // svg-to-pdfkit follows href and xlink:href (use, gradients, patterns); other prefixes are refused alike.
        if (/(^|:)href$/i.test(attr) && !value.trim().startsWith('#')) throw refused(`<${name} ${attr}=${JSON.stringify(raw)}> refers outside the document`)
        checkUrls(value, `<${name} ${attr}>`)
        if (value.includes('#')) element.refs.push(value)
      }
      if ((m = at(SELF_END, pos))) {
        pos += m[0].length
      } else if ((m = at(END, pos))) {
        pos += m[0].length
        open.push({ index, style: name === 'style' ? [] : null })
      } else throw refused(`the tag <${name}> cannot be read`)
    } else if ((m = at(CLOSE, pos))) {
      const top = open.pop()
      const name = top && elements[top.index].name
      if (name !== m[1]) throw refused(`the end tag </${m[1]}> does not match ${name ? `<${name}>` : 'any element'}`)
      if (top!.style) sheets.push(top!.style.join(''))
      pos += m[0].length
    } else if ((m = at(COMMENT, pos))) {
      pos += m[0].length
    } else if (pos === 0 && (m = at(DECL, pos))) {
      pos += m[0].length
    } else if ((m = at(CDATA, pos))) {
      if (open.length === 0) throw refused('the SVG has character data outside its root element')
      open[open.length - 1].style?.push(m[1])
      pos += m[0].length
    } else if ((m = at(TEXT, pos))) {
      if (open.length === 0 && m[0].trim() !== '') throw refused('the SVG has text outside its root element')
      open[open.length - 1]?.style?.push(decodeEntities(m[0]))
      pos += m[0].length
    } else {
      // <!DOCTYPE …>, other processing instructions (<?xml-stylesheet …?>), a stray '<': never in our figures.
      throw refused(`the SVG has ${JSON.stringify(xml.slice(pos, pos + 20))}, which the app's figures never contain`)
    }
  }
  if (elements.length === 0) throw refused('the document has no <svg> element')
  if (open.length) throw refused(`<${elements[open[open.length - 1].index].name}> is not closed`)
  for (const css of sheets) {
    // A style sheet may load nothing (no @import, web font or url()) and draw nothing again: its rules apply
    // to any number of elements, so a `clip-path: #id` there would multiply the drawing. ECharts writes only
    // colours, cursors and keyframes there.
    if (/@import|@font-face|url\s*\(/i.test(css)) throw refused('a <style> sheet imports, loads a font or refers to a url()')
    const id = [...referencedIds(css)].find((c) => ids.has(c))
    if (id !== undefined) throw refused(`a <style> sheet refers to the element #${id}`)
  }
  if (drawnElements(elements, ids) > MAX_FIGURE_ELEMENTS)
    throw refused(`drawing the SVG takes over ${MAX_FIGURE_ELEMENTS} elements, counting those its references draw again`)
}

/**
 * Elements drawn from the root: each element, its children, and again what each of its references names
 * (saturating above the bound). Iterative, as reference chains may be as long as the document.
 */
function drawnElements(elements: ParsedElement[], ids: Map<string, number>): number {
  const cost = new Float64Array(elements.length).fill(-1) // -1: not visited, -2: on the path (a cycle if met again)
  const edges = (i: number) => {
    const out = elements[i].children.slice()
    for (const value of elements[i].refs) {
      for (const id of referencedIds(value)) {
        const j = ids.get(id)
        if (j !== undefined) out.push(j)
      }
    }
    return out
  }
  const stack: { i: number; next: number[]; k: number; sum: number }[] = [{ i: 0, next: edges(0), k: 0, sum: 1 }]
  cost[0] = -2
  while (stack.length) {
    const top = stack[stack.length - 1]
    if (top.k < top.next.length) {
      const j = top.next[top.k++]
      if (cost[j] === -2) throw refused(`<${elements[j].name}> refers to itself through its references`)
      if (cost[j] === -1) {
        cost[j] = -2
        stack.push({ i: j, next: edges(j), k: 0, sum: 1 })
        top.k-- // add its cost once it is known
        continue
      }
      top.sum = Math.min(top.sum + cost[j], MAX_FIGURE_ELEMENTS + 1)
    } else {
      cost[top.i] = top.sum
      stack.pop()
    }
  }
  return cost[0]
}

/**
 * The SVG (drawn at its own px size, any viewBox) as a one-page PDF of widthPt × heightPt, the drawing
 * scaled to fill it. Every text, whatever family the SVG names, is set in the embedded font. An SVG that is
 * not one of the app's figures is refused (ApiError 'invalid-argument', checkFigureSvg).
 */
export async function svgToPdf(svg: string, widthPt: number, heightPt: number, info: PdfInfo): Promise<Buffer> {
  checkFigureSvg(svg)
  const doc = new PDFDocument({
    size: [widthPt, heightPt],
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: info.title,
      Subject: JSON.stringify(info.metadata),
      Keywords: info.keywords ?? 'landau-workbench',
      Creator: info.creator,
    },
  })
  doc.registerFont('DejaVuSans', font())
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  // Every drawing operation, svg-to-pdfkit's and PDFKit's (paths, text, groups, patterns), goes through
  // addContent: counting them there bounds the work whatever multiplied it (svg-to-pdfkit has no catch
  // around drawing, so the throw ends the conversion).
  let operations = 0
  const addContent = doc.addContent.bind(doc)
  doc.addContent = (data: string) => {
    if (++operations > MAX_FIGURE_OPERATIONS) throw refused(`drawing the SVG takes over ${MAX_FIGURE_OPERATIONS} operations`)
    return addContent(data)
  }
  SVGtoPDF(doc, svg, 0, 0, {
    width: widthPt,
    height: heightPt,
    // Fonts: always the embedded one, by its registered name (a path here would be read from disk).
    fontCallback: () => 'DejaVuSans',
    // Images: never (svg-to-pdfkit would pass the href to doc.openImage, which reads files); the check
    // above already refused <image>, this stops one it missed. No documentCallback: references into
    // other documents are not loaded.
    imageCallback: () => {
      throw refused('the SVG has an image')
    },
    warningCallback: (s: string) => process.stderr.write(`warning: PDF conversion: ${s}\n`),
  })
  doc.end()
  return done
}
