// Opens a PDF with an independent reader, Mozilla's pdf.js (devDependency pdfjs-dist, the legacy build
// that runs in Node 20): what a researcher's viewer would do. A file it cannot parse throws.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface OpenedPdf {
  pages: number
  /** Page 1's size in points. */
  widthPt: number
  heightPt: number
  /** Page 1's text, its items joined by spaces. */
  text: string
  /** The document info dictionary (Title, Subject, …). */
  info: Record<string, unknown>
  /** Page 1's fonts: their names as the file declares them, and whether each is embedded. */
  fonts: { name: string; embedded: boolean }[]
}

export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  // pdf.js takes ownership of the buffer it is given: pass a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise
  try {
    const page = await doc.getPage(1)
    const [, , widthPt, heightPt] = page.view
    const content = await page.getTextContent()
    const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ')
    // Drawing the page's operators loads its fonts into commonObjs, where pdf.js says whether the file carried them.
    const ops = await page.getOperatorList()
    const fontIds = new Set<string>()
    ops.fnArray.forEach((fn, k) => {
      if (fn === 37 /* OPS.setFont */) fontIds.add(String((ops.argsArray[k] as unknown[])[0]))
    })
    const fonts = [...fontIds].map((id) => {
      const f = page.commonObjs.get(id) as { name?: string; loadedName?: string; missingFile?: boolean }
      return { name: f.name ?? f.loadedName ?? id, embedded: f.missingFile === false }
    })
    const meta = await doc.getMetadata()
    return { pages: doc.numPages, widthPt, heightPt, text, info: meta.info as Record<string, unknown>, fonts }
  } finally {
    await doc.destroy()
  }
}
